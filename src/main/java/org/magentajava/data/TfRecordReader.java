package org.magentajava.data;

import org.magentajava.io.BadInputException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams records out of a TFRecord file, verifying both CRCs of every record. Only one record is held in memory
 * at a time, and a length field is checked against the bytes actually left in the file before anything is
 * allocated, so a corrupt header cannot trigger a huge allocation.
 */
public final class TfRecordReader implements Closeable {
    /** A framing problem; the message names the file and the byte offset of the bad record. */
    public static final class CorruptRecordException extends BadInputException {
        private final long offset;

        CorruptRecordException(String message, long offset) {
            super(message);
            this.offset = offset;
        }

        public long offset() {
            return offset;
        }
    }

    private final String name;
    private final InputStream in;
    private final long size;
    private final byte[] header = new byte[TfRecords.HEADER_BYTES];
    private final byte[] footer = new byte[TfRecords.FOOTER_BYTES];
    private long position;
    private long recordOffset;
    private long recordIndex;

    public TfRecordReader(InputStream in, long size, String name) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.size = size;
        this.name = name;
    }

    public static TfRecordReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        return new TfRecordReader(Files.newInputStream(file), Files.size(file), file.toString());
    }

    /** Byte offset where the record last returned by {@link #next()} starts. */
    public long recordOffset() {
        return recordOffset;
    }

    /** Zero-based index of the record last returned by {@link #next()}. */
    public long recordIndex() {
        return recordIndex - 1;
    }

    /** Total file size in bytes, for progress reporting. */
    public long size() {
        return size;
    }

    /** Bytes consumed so far. */
    public long position() {
        return position;
    }

    /** The next record's payload, or null at a clean end of file. */
    public byte[] next() throws IOException {
        recordOffset = position;
        int got = readFully(header, 0, header.length);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw corrupt("truncated record header (" + got + " of 12 bytes)");
        }
        ByteBuffer hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = hb.getLong(0);
        int lengthCrc = hb.getInt(8);
        if (TfRecords.maskedCrc32c(header, 0, 8) != lengthCrc) {
            throw corrupt("length CRC mismatch");
        }
        long remaining = size - position;
        if (length < 0 || length > remaining - TfRecords.FOOTER_BYTES) {
            if (length >= 0 && length <= Integer.MAX_VALUE - 16 && size >= 0) {
                throw corrupt("truncated record: needs " + (length + TfRecords.FOOTER_BYTES) + " bytes, "
                        + Math.max(0, remaining) + " left");
            }
            throw corrupt("record length " + Long.toUnsignedString(length) + " exceeds the file");
        }
        byte[] data = new byte[(int) length];
        int n = readFully(data, 0, data.length);
        if (n < data.length) {
            throw corrupt("truncated record data (" + n + " of " + length + " bytes)");
        }
        if (readFully(footer, 0, footer.length) < footer.length) {
            throw corrupt("truncated record footer");
        }
        int dataCrc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (TfRecords.maskedCrc32c(data, 0, data.length) != dataCrc) {
            throw corrupt("data CRC mismatch");
        }
        recordIndex++;
        return data;
    }

    private CorruptRecordException corrupt(String what) {
        return new CorruptRecordException(name + ": corrupt TFRecord at byte " + recordOffset + " (record "
                + recordIndex + "): " + what, recordOffset);
    }

    private int readFully(byte[] buf, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(buf, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        position += total;
        return total;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
