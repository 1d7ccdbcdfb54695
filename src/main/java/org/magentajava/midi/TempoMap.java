package org.magentajava.midi;

import java.util.Arrays;

/**
 * pretty_midi's tick/time mapping: a list of (start tick, seconds per tick) segments beginning at tick 0.
 * Times are computed with the same floating-point operations pretty_midi's numpy table uses
 * ({@code segmentStartTime + scale * (tick - segmentStartTick)}, segment start times accumulated in order),
 * so results agree to the last bit without building a table indexed by tick.
 */
final class TempoMap {
    private final int resolution;
    private long[] ticks = new long[4];
    private double[] scales = new double[4];
    private double[] startTimes = new double[4];
    private int size;

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
        int last = size - 1;
        if (last >= 0 && tick < ticks[last]) {
            throw new IllegalArgumentException("tempo segments out of order: " + tick + " after " + ticks[last]);
        }
        if (size == ticks.length) {
            ticks = Arrays.copyOf(ticks, size * 2);
            scales = Arrays.copyOf(scales, size * 2);
            startTimes = Arrays.copyOf(startTimes, size * 2);
        }
        startTimes[size] = last < 0 ? 0.0 : startTimes[last] + scales[last] * (double) (tick - ticks[last]);
        ticks[size] = tick;
        scales[size] = scale;
        size++;
    }

    /** Replaces the whole map by one segment at tick 0 (a set_tempo at tick 0 does this in pretty_midi). */
    void resetTo(double scale) {
        size = 0;
        append(0, scale);
    }

    int size() {
        return size;
    }

    long tickOf(int segment) {
        return ticks[segment];
    }

    double scaleOf(int segment) {
        return scales[segment];
    }

    double lastScale() {
        return scales[size - 1];
    }

    /** The segment's tempo as pretty_midi reports it: not exactly the file's value (100 may read 99.99999999999999). */
    double qpmOf(int segment) {
        return 60.0 / (scales[segment] * resolution);
    }

    /** Seconds at a non-negative tick; the last segment whose start is at or before the tick applies. */
    double seconds(long tick) {
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (ticks[mid] <= tick) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return startTimes[lo] + scales[lo] * (double) (tick - ticks[lo]);
    }

    /**
     * pretty_midi's time_to_tick while writing: its table covers ticks 0 up to the last segment start; a time
     * inside it goes to the nearest tabulated tick (a tie to the later one), a time past it is extrapolated with
     * the last tempo and rounded half to even. Times at or before 0 give tick 0. The time must be finite.
     */
    long tickAt(double time) {
        long lastTick = ticks[size - 1];
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
        // The segment holding the answer is the one before the first segment starting at or after the time.
        int lo = 1;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (startTimes[mid] >= time) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int segment = lo - 1;
        long from = ticks[segment];
        long to = segment + 1 < size ? ticks[segment + 1] : from;
        double estimate = Math.ceil((time - startTimes[segment]) / scales[segment]);
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
