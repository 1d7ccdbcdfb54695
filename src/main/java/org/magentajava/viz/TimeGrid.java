package org.magentajava.viz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import org.magentajava.proto.NoteSequence;

/**
 * Beat and bar positions in seconds, derived from a sequence's tempo and time-signature changes (120 qpm and
 * 4/4 where none is given, as in Magenta). A time signature change starts a new bar, even mid-bar.
 */
final class TimeGrid {
    static final double DEFAULT_QPM = 120.0;
    private static final double EPS = 1e-6;
    private static final int MAX_BEATS = 200_000;

    /** One beat line; {@code bar} is 1-based and set on every beat of that bar. */
    record Beat(double time, boolean barStart, int bar) {}

    private record TempoSegment(double startSeconds, double startQuarters, double qpm) {}

    private record Meter(double startQuarters, int numerator, int denominator) {}

    private final List<TempoSegment> tempo = new ArrayList<>();
    private final List<Meter> meters = new ArrayList<>();

    TimeGrid(NoteSequence ns) {
        // Later entries at the same time win, as when a MIDI file restates its tempo.
        TreeMap<Double, Double> qpmAt = new TreeMap<>();
        qpmAt.put(0.0, DEFAULT_QPM);
        ns.getTemposList().stream()
                .filter(t -> t.getQpm() > 0 && Double.isFinite(t.getQpm()))
                .sorted(Comparator.comparingDouble(NoteSequence.Tempo::getTime))
                .forEach(t -> qpmAt.put(Math.max(0.0, t.getTime()), t.getQpm()));
        double seconds = 0, quarters = 0, qpm = DEFAULT_QPM;
        for (var e : qpmAt.entrySet()) {
            quarters += (e.getKey() - seconds) * qpm / 60.0;
            seconds = e.getKey();
            qpm = e.getValue();
            tempo.add(new TempoSegment(seconds, quarters, qpm));
        }

        TreeMap<Double, int[]> meterAt = new TreeMap<>();
        meterAt.put(0.0, new int[] {4, 4});
        ns.getTimeSignaturesList().stream()
                .filter(ts -> ts.getNumerator() > 0 && ts.getDenominator() > 0)
                .sorted(Comparator.comparingDouble(NoteSequence.TimeSignature::getTime))
                .forEach(ts -> meterAt.put(Math.max(0.0, ts.getTime()),
                        new int[] {ts.getNumerator(), ts.getDenominator()}));
        meterAt.forEach((t, m) -> meters.add(new Meter(toQuarters(t), m[0], m[1])));
    }

    /** The tempo in effect at time zero, for the header. */
    double initialQpm() {
        return tempo.get(0).qpm();
    }

    double minQpm() {
        return tempo.stream().mapToDouble(TempoSegment::qpm).min().orElse(DEFAULT_QPM);
    }

    double maxQpm() {
        return tempo.stream().mapToDouble(TempoSegment::qpm).max().orElse(DEFAULT_QPM);
    }

    String initialMeter() {
        return meters.get(0).numerator() + "/" + meters.get(0).denominator();
    }

    double toQuarters(double seconds) {
        TempoSegment s = tempo.get(0);
        for (TempoSegment t : tempo) {
            if (t.startSeconds() <= seconds) {
                s = t;
            }
        }
        return s.startQuarters() + (seconds - s.startSeconds()) * s.qpm() / 60.0;
    }

    double toSeconds(double quarters) {
        TempoSegment s = tempo.get(0);
        for (TempoSegment t : tempo) {
            if (t.startQuarters() <= quarters + EPS) {
                s = t;
            }
        }
        return s.startSeconds() + (quarters - s.startQuarters()) * 60.0 / s.qpm();
    }

    /**
     * Every beat from time zero up to and including the first bar line at or after {@code end}, so a plot can
     * end on a complete bar.
     */
    List<Beat> beats(double end) {
        List<Beat> out = new ArrayList<>();
        double barStart = 0;
        int bar = 1;
        int m = 0;
        while (out.size() < MAX_BEATS) {
            while (m + 1 < meters.size() && meters.get(m + 1).startQuarters() <= barStart + EPS) {
                m++;
            }
            double barSeconds = toSeconds(barStart);
            if (barSeconds >= end - EPS && bar > 1) {
                out.add(new Beat(barSeconds, true, bar));
                break;
            }
            Meter meter = meters.get(m);
            double beatLength = 4.0 / meter.denominator();
            double nextMeter = m + 1 < meters.size() ? meters.get(m + 1).startQuarters() : Double.POSITIVE_INFINITY;
            for (int b = 0; b < meter.numerator(); b++) {
                double q = barStart + b * beatLength;
                if (q >= nextMeter - EPS) {
                    break;
                }
                out.add(new Beat(toSeconds(q), b == 0, bar));
            }
            barStart = Math.min(barStart + meter.numerator() * beatLength, nextMeter);
            bar++;
        }
        return out;
    }
}
