package org.magentajava.data;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes records in TFRecord framing: {@code u64 len | u32 mcrc(len) | data | u32 mcrc(data)}, little-endian. */
public final class TfRecordWriter implements Closeable {
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(TfRecords.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer footer = ByteBuffer.allocate(TfRecords.FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long records;
    private long bytes;

    public TfRecordWriter(OutputStream out) {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
    }

    public void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    public void write(byte[] data, int off, int len) throws IOException {
        header.clear();
        header.putLong(len);
        header.putInt(TfRecords.maskedCrc32c(header.array(), 0, 8));
        out.write(header.array(), 0, TfRecords.HEADER_BYTES);
        out.write(data, off, len);
        footer.clear();
        footer.putInt(TfRecords.maskedCrc32c(data, off, len));
        out.write(footer.array(), 0, TfRecords.FOOTER_BYTES);
        records++;
        bytes += TfRecords.HEADER_BYTES + len + TfRecords.FOOTER_BYTES;
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes; the caller owns (and closes or commits) the underlying stream. */
    @Override
    public void close() throws IOException {
        out.flush();
    }
}
