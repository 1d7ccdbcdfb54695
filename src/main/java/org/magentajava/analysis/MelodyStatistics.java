package org.magentajava.analysis;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.magentajava.melody.Melody;

/** Computes {@link SetStatistics} over melodies; a pure function. */
public final class MelodyStatistics {

    /** Pitch classes of the major scale on C; the natural minor and the church modes use the same sets. */
    private static final int[] MAJOR_SCALE = {0, 2, 4, 5, 7, 9, 11};

    private MelodyStatistics() {
    }

    public static SetStatistics of(List<SourcedMelody> melodies) {
        long notes = 0;
        double entropySum = 0;
        double rangeSum = 0;
        double scaleSum = 0;
        int withNotes = 0;
        long repeated = 0;
        long pairs = 0;
        long[] lengths = new long[NoteLengths.COUNT];
        long emptyBeats = 0;
        long beats = 0;
        long[] barRepeats = new long[SetStatistics.LAGS.length];
        long[] barPairs = new long[SetStatistics.LAGS.length];
        long equalEarlier = 0;
        long withEarlier = 0;
        long[] degrees = new long[12];

        for (SourcedMelody m : melodies) {
            List<MelodyNote> ns = m.notes();
            notes += ns.size();
            if (!ns.isEmpty()) {
                withNotes++;
                int[] pcs = pitchClassCounts(ns);
                entropySum += entropyBits(pcs);
                rangeSum += range(ns);
                int tonic = bestMajorTonic(pcs);
                scaleSum += (double) inScale(pcs, tonic) / ns.size();
                for (int pc = 0; pc < 12; pc++) {
                    degrees[Math.floorMod(pc - tonic, 12)] += pcs[pc];
                }
            }
            for (int i = 0; i < ns.size(); i++) {
                lengths[NoteLengths.bin(ns.get(i).duration())]++;
                if (i > 0) {
                    pairs++;
                    if (ns.get(i).pitch() == ns.get(i - 1).pitch()) {
                        repeated++;
                    }
                }
            }
            long[] b = beatCounts(m, ns);
            emptyBeats += b[0];
            beats += b[1];

            BarKey[] bars = barKeys(m);
            int first = m.firstBar();
            for (int lag = 0; lag < SetStatistics.LAGS.length; lag++) {
                for (int bar = first + SetStatistics.LAGS[lag]; bar < bars.length; bar++) {
                    barPairs[lag]++;
                    if (bars[bar].equals(bars[bar - SetStatistics.LAGS[lag]])) {
                        barRepeats[lag]++;
                    }
                }
            }
            Set<BarKey> seen = new HashSet<>();
            for (int bar = first; bar < bars.length; bar++) {
                if (bar > first) {
                    withEarlier++;
                    if (seen.contains(bars[bar])) {
                        equalEarlier++;
                    }
                }
                seen.add(bars[bar]);
            }
        }
        return new SetStatistics(melodies.size(), notes, mean(entropySum, withNotes), mean(rangeSum, withNotes),
                mean(scaleSum, withNotes), repeated, pairs, lengths, emptyBeats, beats, barRepeats, barPairs,
                equalEarlier, withEarlier, degrees);
    }

    private static double mean(double sum, int n) {
        return n == 0 ? Double.NaN : sum / n;
    }

    static int[] pitchClassCounts(List<MelodyNote> notes) {
        int[] pcs = new int[12];
        for (MelodyNote n : notes) {
            pcs[n.pitch() % 12]++;
        }
        return pcs;
    }

    /** Shannon entropy in bits of a histogram. */
    static double entropyBits(int[] counts) {
        long total = Arrays.stream(counts).asLongStream().sum();
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    private static int range(List<MelodyNote> notes) {
        int lo = 127;
        int hi = 0;
        for (MelodyNote n : notes) {
            lo = Math.min(lo, n.pitch());
            hi = Math.max(hi, n.pitch());
        }
        return hi - lo;
    }

    /** The tonic (0 = C) of the major scale holding most notes; the lowest tonic on a tie. */
    static int bestMajorTonic(int[] pitchClasses) {
        int best = 0;
        int bestCount = -1;
        for (int tonic = 0; tonic < 12; tonic++) {
            int c = inScale(pitchClasses, tonic);
            if (c > bestCount) {
                best = tonic;
                bestCount = c;
            }
        }
        return best;
    }

    private static int inScale(int[] pitchClasses, int tonic) {
        int c = 0;
        for (int degree : MAJOR_SCALE) {
            c += pitchClasses[(tonic + degree) % 12];
        }
        return c;
    }

    /** {empty, all} quarter-note beats that start at or after fromStep; a final partial beat counts. */
    private static long[] beatCounts(SourcedMelody m, List<MelodyNote> notes) {
        int spq = m.melody().stepsPerQuarter();
        int firstBeat = (m.fromStep() + spq - 1) / spq;
        int beatCount = (m.length() + spq - 1) / spq;
        if (beatCount <= firstBeat) {
            return new long[] {0, 0};
        }
        boolean[] struck = new boolean[beatCount];
        for (MelodyNote n : notes) {
            struck[n.onset() / spq] = true;
        }
        long empty = 0;
        for (int beat = firstBeat; beat < beatCount; beat++) {
            if (!struck[beat]) {
                empty++;
            }
        }
        return new long[] {empty, beatCount - firstBeat};
    }

    /**
     * What a bar sounds like: its events, with a leading NO_EVENT replaced by the pitch held over from the bar
     * before (or a rest), so that two bars of one held note compare equal only when the pitch is the same.
     */
    static BarKey[] barKeys(SourcedMelody m) {
        Melody melody = m.melody();
        int spb = m.stepsPerBar();
        BarKey[] bars = new BarKey[m.wholeBars()];
        int sounding = Melody.NOTE_OFF;
        for (int bar = 0; bar < bars.length; bar++) {
            int[] key = new int[spb + 1];
            key[0] = melody.event(bar * spb) == Melody.NO_EVENT ? sounding : HELD_NOTHING;
            for (int i = 0; i < spb; i++) {
                int e = melody.event(bar * spb + i);
                key[i + 1] = e;
                if (e != Melody.NO_EVENT) {
                    sounding = e;
                }
            }
            bars[bar] = new BarKey(key);
        }
        return bars;
    }

    /** Marks a bar whose first step is an onset or NOTE_OFF: nothing is carried into it. */
    private static final int HELD_NOTHING = -3;

    /** A bar's content with value equality. */
    record BarKey(int[] events) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BarKey k && Arrays.equals(events, k.events);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(events);
        }

        @Override
        public String toString() {
            return Arrays.toString(events);
        }
    }
}
