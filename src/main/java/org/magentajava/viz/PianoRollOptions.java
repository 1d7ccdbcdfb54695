package org.magentajava.viz;

/**
 * How to draw a piano roll.
 *
 * @param pixelsPerSecond horizontal scale; 0 picks one from the opening tempo (48 px per quarter note)
 * @param rowHeight       pixels per semitone row; 0 fits the pitch range to a comfortable height
 * @param maxWidth        the picture is squeezed horizontally to stay within this many pixels
 * @param generatedStart  seconds where generated music begins after a primer; NaN when there is no primer
 * @param title           header text, typically the input file name; empty for a generic title
 */
public record PianoRollOptions(double pixelsPerSecond, int rowHeight, int maxWidth, double generatedStart,
                               String title) {

    public PianoRollOptions {
        if (pixelsPerSecond < 0 || !Double.isFinite(pixelsPerSecond)) {
            throw new IllegalArgumentException("pixelsPerSecond must be >= 0: " + pixelsPerSecond);
        }
        if (rowHeight < 0 || maxWidth < 200) {
            throw new IllegalArgumentException("rowHeight must be >= 0 and maxWidth >= 200");
        }
        title = title == null ? "" : title;
    }

    public static PianoRollOptions defaults() {
        return new PianoRollOptions(0, 0, 16_000, Double.NaN, "");
    }

    public PianoRollOptions withTitle(String t) {
        return new PianoRollOptions(pixelsPerSecond, rowHeight, maxWidth, generatedStart, t);
    }

    public PianoRollOptions withGeneratedStart(double seconds) {
        return new PianoRollOptions(pixelsPerSecond, rowHeight, maxWidth, seconds, title);
    }

    public PianoRollOptions withPixelsPerSecond(double pps) {
        return new PianoRollOptions(pps, rowHeight, maxWidth, generatedStart, title);
    }

    public PianoRollOptions withRowHeight(int px) {
        return new PianoRollOptions(pixelsPerSecond, px, maxWidth, generatedStart, title);
    }

    public PianoRollOptions withMaxWidth(int px) {
        return new PianoRollOptions(pixelsPerSecond, rowHeight, px, generatedStart, title);
    }

    public boolean hasGeneratedStart() {
        return Double.isFinite(generatedStart) && generatedStart > 0;
    }
}
