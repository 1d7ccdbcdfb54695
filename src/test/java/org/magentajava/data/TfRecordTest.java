package org.magentajava.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TfRecordTest {

    @Test
    void crc32cMatchesTheCastagnoliCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, TfRecords.crc32c(check, 0, check.length));
    }

    @Test
    void maskRotatesAndAddsTensorFlowsDelta() {
        // ((c >>> 15) | (c << 17)) + 0xA282EAD8, worked by hand for c = 0 and c = 1.
        assertEquals(0xA282EAD8, TfRecords.mask(0));
        assertEquals(0xA282EAD8 + (1 << 17), TfRecords.mask(1));
    }

    @Test
    void emptyPayloadFramingIsTensorFlowsKnownBytes() throws IOException {
        // TensorFlow writes an empty record as these 16 bytes (length 0 with its masked CRC, then the data CRC).
        byte[] framed = frame(new byte[0]);
        assertEquals(16, framed.length);
        byte[] lengthAndCrc = Arrays.copyOfRange(framed, 0, 12);
        assertArrayEquals(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0x29, 0x03, (byte) 0x98, 0x07},
                lengthAndCrc, "masked crc32c of 8 zero bytes is 0x07980329");
        assertArrayEquals(new byte[]{(byte) 0xd8, (byte) 0xea, (byte) 0x82, (byte) 0xa2},
                Arrays.copyOfRange(framed, 12, 16), "masked crc32c of no bytes is the mask delta");
    }

    @Test
    void roundTripsManyRecordsOfVariousSizes(@TempDir Path dir) throws IOException {
        List<byte[]> records = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] r = new byte[i == 0 ? 0 : rnd.nextInt(i * 50)];
            rnd.nextBytes(r);
            records.add(r);
        }
        Path file = dir.resolve("x.tfrecord");
        try (var os = Files.newOutputStream(file); TfRecordWriter w = new TfRecordWriter(os)) {
            for (byte[] r : records) {
                w.write(r);
            }
        }
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            for (byte[] expected : records) {
                assertArrayEquals(expected, reader.next());
            }
            assertNull(reader.next());
        }
    }

    @Test
    void dataCrcMismatchNamesFileAndOffset(@TempDir Path dir) throws IOException {
        byte[] a = frame("first".getBytes(StandardCharsets.UTF_8));
        byte[] b = frame("second record".getBytes(StandardCharsets.UTF_8));
        byte[] both = concat(a, b);
        both[a.length + 12 + 3] ^= 0x40; // flip a bit in the second payload
        Path file = dir.resolve("bad.tfrecord");
        Files.write(file, both);
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), reader.next());
            TfRecordReader.CorruptRecordException e =
                    assertThrows(TfRecordReader.CorruptRecordException.class, reader::next);
            assertEquals(a.length, e.offset());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("byte " + a.length), e.getMessage());
            assertTrue(e.getMessage().contains("data CRC mismatch"), e.getMessage());
        }
    }

    @Test
    void lengthCrcMismatchIsReported(@TempDir Path dir) throws IOException {
        byte[] a = frame("payload".getBytes(StandardCharsets.UTF_8));
        a[0] ^= 0x01;
        Path file = dir.resolve("len.tfrecord");
        Files.write(file, a);
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            var e = assertThrows(TfRecordReader.CorruptRecordException.class, reader::next);
            assertTrue(e.getMessage().contains("length CRC mismatch"), e.getMessage());
            assertEquals(0, e.offset());
        }
    }

    @Test
    void truncationAnywhereIsAnErrorNotAnEmptyRecord(@TempDir Path dir) throws IOException {
        byte[] a = frame("abcdefghijklmnop".getBytes(StandardCharsets.UTF_8));
        for (int cut = 1; cut < a.length; cut++) {
            Path file = dir.resolve("t" + cut + ".tfrecord");
            Files.write(file, Arrays.copyOf(a, cut));
            try (TfRecordReader reader = TfRecordReader.open(file)) {
                var e = assertThrows(TfRecordReader.CorruptRecordException.class, reader::next, "cut at " + cut);
                assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            }
        }
    }

    @Test
    void hugeClaimedLengthDoesNotAllocate(@TempDir Path dir) throws IOException {
        // A valid length CRC over a length of 2^40: must be rejected before allocating.
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putLong(1L << 40);
        bb.putInt(TfRecords.maskedCrc32c(bb.array(), 0, 8));
        Path file = dir.resolve("huge.tfrecord");
        Files.write(file, bb.array());
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            var e = assertThrows(TfRecordReader.CorruptRecordException.class, reader::next);
            assertTrue(e.getMessage().contains("exceeds the file"), e.getMessage());
        }
    }

    private static byte[] frame(byte[] payload) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TfRecordWriter w = new TfRecordWriter(bos)) {
            w.write(payload);
        }
        return bos.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
