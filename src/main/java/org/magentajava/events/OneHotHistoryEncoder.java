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
}
