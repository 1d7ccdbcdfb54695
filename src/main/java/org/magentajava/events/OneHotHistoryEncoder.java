package org.magentajava.events;

/** An incremental encoder over a {@link OneHotEncoding}: every appended event must be one the encoding knows. */
abstract class OneHotHistoryEncoder extends HistoryEncoder {
    final OneHotEncoding encoding;
    private final EncoderDecoder owner;

    OneHotHistoryEncoder(EncoderDecoder owner, OneHotEncoding encoding) {
        this.owner = owner;
        this.encoding = encoding;
    }

    OneHotHistoryEncoder(OneHotHistoryEncoder other) {
        super(other);
        owner = other.owner;
        encoding = other.encoding;
    }

    @Override
    public EncoderDecoder encoderDecoder() {
        return owner;
    }

    @Override
    public void append(int event) {
        encoding.encodeEvent(event);
        record(event);
    }

    /**
     * Lookback inputs: the newest event's one-hot, then for each distance d the one-hot of the event that followed
     * the one d steps back (what comes next if the music repeats; the default event before the start). Returns
     * the offset after them.
     */
    final int writeEventAndLookbacks(float[] out, int offset, int[] events, int position, int[] distances) {
        int c = encoding.numClasses();
        out[offset + encoding.encodeEvent(events[position])] = 1f;
        int at = offset + c;
        for (int d : distances) {
            int back = position - d + 1;
            out[at + encoding.encodeEvent(back < 0 ? encoding.defaultEvent() : events[back])] = 1f;
            at += c;
        }
        return at;
    }

    /** For each distance d, 1 when the newest event repeats the one d steps back; returns the offset after them. */
    static int writeRepeatFlags(float[] out, int at, int[] events, int position, int[] distances) {
        for (int d : distances) {
            int back = position - d;
            if (back >= 0 && events[position] == events[back]) {
                out[at] = 1f;
            }
            at++;
        }
        return at;
    }
}
