package org.magentajava.midi;

import java.util.ArrayList;
import java.util.List;

/**
 * pretty_midi's tick/time mapping: a list of (start tick, seconds per tick) segments beginning at tick 0.
 * Times are computed with the same floating-point operations pretty_midi's numpy table uses
 * ({@code segmentStartTime + scale * (tick - segmentStartTick)}, segment start times accumulated in order),
 * so results agree to the last bit without building a table indexed by tick.
 */
final class TempoMap {
    private final int resolution;
    private final List<Long> ticks = new ArrayList<>();
    private final List<Double> scales = new ArrayList<>();
    private final List<Double> startTimes = new ArrayList<>();

    /** A map with one segment at tick 0 for the given tempo in microseconds per quarter note. */
    static TempoMap ofMicros(int resolution, int microsPerQuarter) {
        TempoMap map = new TempoMap(resolution);
        map.append(0, scaleOfMicros(microsPerQuarter, resolution));
        return map;
    }

    /** A map with one segment at tick 0 for the given tempo in quarter notes per minute. */
    static TempoMap ofQpm(int resolution, double qpm) {
        TempoMap map = new TempoMap(resolution);
        map.append(0, 60.0 / (qpm * resolution));
        return map;
    }

    private TempoMap(int resolution) {
        this.resolution = resolution;
    }

    /** Seconds per tick for a set_tempo value, as pretty_midi computes it (via beats per minute). */
    static double scaleOfMicros(int microsPerQuarter, int resolution) {
        double bpm = 6e7 / microsPerQuarter;
        return 60.0 / (bpm * resolution);
    }

    /** Adds a segment; ticks must not decrease. */
    void append(long tick, double scale) {
        int last = ticks.size() - 1;
        if (last >= 0 && tick < ticks.get(last)) {
            throw new IllegalArgumentException("tempo segments out of order: " + tick + " after " + ticks.get(last));
        }
        double start = last < 0 ? 0.0 : startTimes.get(last) + scales.get(last) * (double) (tick - ticks.get(last));
        ticks.add(tick);
        scales.add(scale);
        startTimes.add(start);
    }

    /** Replaces the whole map by one segment at tick 0 (a set_tempo at tick 0 does this in pretty_midi). */
    void resetTo(double scale) {
        ticks.clear();
        scales.clear();
        startTimes.clear();
        append(0, scale);
    }

    int size() {
        return ticks.size();
    }

    long tickOf(int segment) {
        return ticks.get(segment);
    }

    double scaleOf(int segment) {
        return scales.get(segment);
    }

    double lastScale() {
        return scales.get(scales.size() - 1);
    }

    /** The segment's tempo as pretty_midi reports it: not exactly the file's value (100 may read 99.99999999999999). */
    double qpmOf(int segment) {
        return 60.0 / (scales.get(segment) * resolution);
    }

    /** Seconds at a non-negative tick; the last segment whose start is at or before the tick applies. */
    double seconds(long tick) {
        int lo = 0;
        int hi = ticks.size() - 1;
        while (lo < hi) { // find the last segment with start <= tick
            int mid = (lo + hi + 1) >>> 1;
            if (ticks.get(mid) <= tick) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return startTimes.get(lo) + scales.get(lo) * (double) (tick - ticks.get(lo));
    }

    /**
     * pretty_midi's time_to_tick while writing: its table covers ticks 0 up to the last segment start; a time
     * inside it goes to the nearest tabulated tick (a tie to the later one), a time past it is extrapolated with
     * the last tempo and rounded half to even. Times at or before 0 give tick 0. The time must be finite.
     */
    long tickAt(double time) {
        long lastTick = ticks.get(ticks.size() - 1);
        double lastTime = seconds(lastTick);
        if (time > lastTime) {
            double tick = (double) lastTick + (time - lastTime) / lastScale();
            return (long) Math.rint(tick);
        }
        long k = firstTickReaching(time);
        if (k > 0 && Math.abs(time - seconds(k - 1)) < Math.abs(time - seconds(k))) {
            return k - 1;
        }
        return k;
    }

    /** The smallest tick in [0, last segment start] whose time is at least {@code time} (which is in range). */
    private long firstTickReaching(double time) {
        if (time <= 0.0) {
            return 0;
        }
        int segment = 0;
        while (segment + 1 < ticks.size() && seconds(ticks.get(segment + 1)) < time) {
            segment++;
        }
        long from = ticks.get(segment);
        long to = segment + 1 < ticks.size() ? ticks.get(segment + 1) : from;
        double estimate = Math.ceil((time - startTimes.get(segment)) / scales.get(segment));
        long k = Math.max(from, Math.min(to, from + (long) estimate));
        // The estimate can be off by a tick through rounding; settle it against the exact table values.
        while (k > 0 && seconds(k - 1) >= time) {
            k--;
        }
        while (seconds(k) < time) {
            k++;
        }
        return k;
    }
}
