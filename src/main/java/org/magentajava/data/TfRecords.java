package org.magentajava.data;

import java.util.zip.CRC32C;

/** TFRecord framing constants and the masked CRC-32C that TensorFlow puts around each length and payload. */
public final class TfRecords {
    /** u64 length + u32 masked crc of the length. */
    public static final int HEADER_BYTES = 12;
    /** u32 masked crc of the payload. */
    public static final int FOOTER_BYTES = 4;

    private static final int MASK_DELTA = 0xA282EAD8;

    private TfRecords() {
    }

    /** CRC-32C (Castagnoli) of {@code bytes[off, off+len)}. */
    public static int crc32c(byte[] bytes, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, off, len);
        return (int) crc.getValue();
    }

    /**
     * TensorFlow masks stored CRCs (rotate right by 15, add a constant) so that a CRC of data that itself contains
     * CRCs does not degenerate.
     */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    public static int maskedCrc32c(byte[] bytes, int off, int len) {
        return mask(crc32c(bytes, off, len));
    }
}
