package org.magentajava.train;

/** Console formatting shared by the training and evaluation jobs. */
final class Format {
    private Format() {
    }

    /** Seconds as H:MM:SS; "?" when not finite (no rate measured yet). */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
