package org.magentajava.melody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.magentajava.events.EncodedSequence;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.LookbackEncoderDecoder;
import org.magentajava.events.OneHotEncoderDecoder;
import org.magentajava.events.OneHotEncoding;
import org.magentajava.models.melodyrnn.MelodyRnn;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The encoder vectors of note_seq's encoder_decoder_test and melody_encoder_decoder_test. */
class EncoderConformanceTest {

    static final int N = Melody.NO_EVENT;
    static final int X = Melody.NOTE_OFF;

    /** testing_lib.TrivialOneHotEncoding(3): events are their own classes, default event 0. */
    static final OneHotEncoding IDENTITY_3 = new OneHotEncoding() {
        @Override
        public int numClasses() {
            return 3;
        }

        @Override
        public int defaultEvent() {
            return 0;
        }

        @Override
        public int encodeEvent(int event) {
            if (event < 0 || event >= 3) {
                throw new IllegalArgumentException("event " + event);
            }
            return event;
        }

        @Override
        public int decodeEvent(int index) {
            return index;
        }
    };

    /**
     * The melody of testDefaultRange / testCustomRange for the range [low, high): the bottom pitch, the one above
     * it, and the two top pitches, with NO_EVENTs and NOTE_OFFs around them.
     */
    static int[] rangeMelody(int low, int high) {
        int[] events = new int[36];
        Arrays.fill(events, N);
        int[][] placed = {{0, low}, {2, low + 1}, {3, high - 1}, {4, X}, {16, low}, {17, X}, {32, low}, {33, X},
            {34, low + 1}, {35, high - 2}};
        for (int[] p : placed) {
            events[p[0]] = p[1];
        }
        return events;
    }

    /** A vector written as "index:value" pairs, zeros elsewhere. */
    static float[] sparse(int size, String entries) {
        float[] v = new float[size];
        for (String entry : entries.trim().split("\\s+")) {
            String[] kv = entry.split(":");
            v[Integer.parseInt(kv[0])] = Float.parseFloat(kv[1]);
        }
        return v;
    }

    private static void assertPositions(EncoderDecoder encoder, int[] events, int[] positions, String[] inputs,
            int[] labels) {
        for (int i = 0; i < positions.length; i++) {
            int p = positions[i];
            if (inputs != null) {
                assertArrayEquals(sparse(encoder.inputSize(), inputs[i]), encoder.inputVector(events, p),
                        "input at " + p);
            }
            assertEquals(labels[i], encoder.label(events, p), "label at " + p);
            // Decoding the label against the history before p gives the event back.
            assertEquals(events[p], encoder.classToEvent(labels[i], Arrays.copyOf(events, p)), "decode at " + p);
        }
    }

    @Test
    void melodyOneHotEncoding() {
        MelodyOneHotEncoding enc = new MelodyOneHotEncoding(60, 72);
        assertEquals(2, enc.encodeEvent(60));
        assertEquals(13, enc.encodeEvent(71));
        assertEquals(0, enc.encodeEvent(N));
        assertEquals(1, enc.encodeEvent(X));
        assertThrows(IllegalArgumentException.class, () -> enc.encodeEvent(-3));
        assertThrows(IllegalArgumentException.class, () -> enc.encodeEvent(59));
        assertThrows(IllegalArgumentException.class, () -> enc.encodeEvent(72));
        assertEquals(63, enc.decodeEvent(5));
        assertEquals(60, enc.decodeEvent(2));
        assertEquals(71, enc.decodeEvent(13));
        assertEquals(N, enc.decodeEvent(0));
        assertEquals(X, enc.decodeEvent(1));
    }

    @Test
    void oneHotEncodeAfterSquash() {
        OneHotEncoderDecoder med = new OneHotEncoderDecoder(new MelodyOneHotEncoding(60, 72));
        assertEquals(14, med.inputSize());
        assertEquals(14, med.numClasses());
        assertEquals(0, med.defaultEventLabel());
        // E and B major tie in the key histogram (6 notes each); argmax keeps E, the lower index.
        Melody melody = Melody.of(100, 100, 107, 111, N, 99, 112, X, N);
        assertEquals(-40, melody.squashAmount(60, 72, 0));
        Melody squashed = melody.squash(60, 72, 0);
        assertArrayEquals(new int[] {60, 60, 67, 71, N, 71, 60, X, N}, squashed.events());
        EncodedSequence encoded = med.encode(squashed.events());
        int[] argmax = new int[encoded.steps()];
        for (int i = 0; i < encoded.steps(); i++) {
            float[] v = encoded.inputs()[i];
            int ones = 0;
            for (int j = 0; j < v.length; j++) {
                if (v[j] == 1f) {
                    argmax[i] = j;
                    ones++;
                } else {
                    assertEquals(0f, v[j]);
                }
            }
            assertEquals(1, ones);
        }
        assertArrayEquals(new int[] {2, 2, 9, 13, 0, 13, 2, 1}, argmax);
        assertArrayEquals(new int[] {2, 9, 13, 0, 13, 2, 1, 0}, encoded.labels());
    }

    @Test
    void lookbackWithTrivialEncoding() {
        LookbackEncoderDecoder enc = new LookbackEncoderDecoder(IDENTITY_3, new int[] {1, 2}, 2);
        assertEquals(13, enc.inputSize());
        assertEquals(5, enc.numClasses());
        int[] events = {0, 1, 0, 2, 0};
        float[][] expected = {
            {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, -1, 0, 0},
            {0, 1, 0, 0, 1, 0, 1, 0, 0, -1, 1, 0, 0},
            {1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1},
            {0, 0, 1, 0, 0, 1, 1, 0, 0, -1, -1, 0, 0},
            {1, 0, 0, 1, 0, 0, 0, 0, 1, 1, -1, 0, 1},
        };
        int[] labels = {4, 1, 4, 2, 4};
        for (int p = 0; p < events.length; p++) {
            assertArrayEquals(expected[p], enc.inputVector(events, p), "input at " + p);
            assertEquals(labels[p], enc.label(events, p), "label at " + p);
        }
        // class_index_to_event for every prefix length 1..5 and class 0..4.
        int[][] decoded = {{0, 1, 2, 0, 0}, {0, 1, 2, 1, 0}, {0, 1, 2, 0, 1}, {0, 1, 2, 2, 0}, {0, 1, 2, 0, 2}};
        for (int len = 1; len <= 5; len++) {
            for (int c = 0; c < 5; c++) {
                assertEquals(decoded[len - 1][c], enc.classToEvent(c, Arrays.copyOf(events, len)),
                        "class " + c + " after " + len);
            }
        }
        LookbackEncoderDecoder empty = new LookbackEncoderDecoder(IDENTITY_3, new int[0], 2);
        assertEquals(5, empty.inputSize());
        assertEquals(3, empty.numClasses());
    }

    static final int[] LOOKBACK_POSITIONS = {0, 1, 2, 3, 4, 16, 17, 32, 33, 34, 35};

    @Test
    void lookbackCustomRange() {
        EncoderDecoder med = new LookbackEncoderDecoder(new MelodyOneHotEncoding(24, 36));
        assertEquals(49, med.inputSize());
        assertEquals(16, med.numClasses());
        String[] inputs = {
            "2:1 14:1 28:1 42:1 43:-1 44:-1 45:-1 46:-1",
            "0:1 14:1 28:1 42:-1 43:1 44:-1 45:-1 46:-1",
            "3:1 14:1 28:1 42:1 43:1 44:-1 45:-1 46:-1",
            "13:1 14:1 28:1 42:-1 43:-1 44:1 45:-1 46:-1",
            "1:1 14:1 28:1 42:1 43:-1 44:1 45:-1 46:-1",
            "2:1 14:1 28:1 42:1 43:-1 44:-1 45:-1 46:1 47:1",
            "1:1 17:1 28:1 42:-1 43:1 44:-1 45:-1 46:1",
            "2:1 15:1 28:1 42:1 43:-1 44:-1 45:-1 46:-1 47:1 48:1",
            "1:1 14:1 31:1 42:-1 43:1 44:-1 45:-1 46:-1 47:1",
            "3:1 14:1 41:1 42:1 43:1 44:-1 45:-1 46:-1 48:1",
            "12:1 14:1 29:1 42:-1 43:-1 44:1 45:-1 46:-1",
        };
        assertPositions(med, rangeMelody(24, 36), LOOKBACK_POSITIONS, inputs,
                new int[] {2, 15, 3, 13, 1, 14, 1, 15, 14, 15, 12});
    }

    @Test
    void lookbackDefaultRange() {
        EncoderDecoder med = MelodyRnn.LOOKBACK_RNN.encoderDecoder();
        assertEquals(121, med.inputSize());
        assertEquals(40, med.numClasses());
        String[] inputs = {
            "2:1 38:1 76:1 114:1 115:-1 116:-1 117:-1 118:-1",
            "0:1 38:1 76:1 114:-1 115:1 116:-1 117:-1 118:-1",
            "3:1 38:1 76:1 114:1 115:1 116:-1 117:-1 118:-1",
            "37:1 38:1 76:1 114:-1 115:-1 116:1 117:-1 118:-1",
            "1:1 38:1 76:1 114:1 115:-1 116:1 117:-1 118:-1",
            "2:1 38:1 76:1 114:1 115:-1 116:-1 117:-1 118:1 119:1",
            "1:1 41:1 76:1 114:-1 115:1 116:-1 117:-1 118:1",
            "2:1 39:1 76:1 114:1 115:-1 116:-1 117:-1 118:-1 119:1 120:1",
            "1:1 38:1 79:1 114:-1 115:1 116:-1 117:-1 118:-1 119:1",
            "3:1 38:1 113:1 114:1 115:1 116:-1 117:-1 118:-1 120:1",
            "36:1 38:1 77:1 114:-1 115:-1 116:1 117:-1 118:-1",
        };
        assertPositions(med, rangeMelody(48, 84), LOOKBACK_POSITIONS, inputs,
                new int[] {2, 39, 3, 37, 1, 38, 1, 39, 38, 39, 36});
    }

    static final int[] KEY_POSITIONS = {0, 1, 2, 3, 4, 15, 16, 17, 32, 33, 34, 35};

    @Test
    void keyMelodyCustomRange() {
        EncoderDecoder med = new KeyMelodyEncoderDecoder(24, 36);
        assertEquals(50, med.inputSize());
        assertEquals(16, med.numClasses());
        String[] inputs = {
            "0:1 12:1 14:1 18:1 19:-1 20:-1 21:-1 22:-1 23:-1 24:-1 26:1 27:1 29:1 31:1 33:1 34:1 36:1 38:1 39:1 41:1 43:1 45:1 46:1 48:1",
            "0:1 12:1 18:-1 19:1 20:-1 21:-1 22:-1 23:-1 24:-1 26:1 27:1 29:1 31:1 33:1 34:1 36:1 38:1 39:1 41:1 43:1 45:1 46:1 48:1",
            "1:1 12:1 14:1 15:1 18:1 19:1 20:-1 21:-1 22:-1 23:-1 24:-1 27:1 34:1 39:1 46:1",
            "11:1 12:1 14:1 15:1 18:-1 19:-1 20:1 21:-1 22:-1 23:-1 24:-1 26:1 27:1 28:1 30:1 32:1 33:1 34:1 35:1 37:1 38:1 39:1 40:1 42:1 44:1 45:1 46:1 47:1 49:1",
            "13:1 14:1 15:1 18:1 19:-1 20:1 21:-1 22:-1 23:-1 24:-1 26:1 27:1 28:1 30:1 32:1 33:1 34:1 35:1 37:1 38:1 39:1 40:1 42:1 44:1 45:1 46:1 47:1 49:1",
            "13:1 15:1 18:-1 19:-1 20:-1 21:-1 22:1 23:-1 24:-1 25:1 26:1 27:1 28:1 30:1 32:1 33:1 34:1 35:1 37:1 38:1 39:1 40:1 42:1 44:1 45:1 46:1 47:1 49:1",
            "0:1 12:1 14:1 15:-1 16:1 18:1 19:-1 20:-1 21:-1 22:1 23:-1 24:-1 26:1 27:1 33:1 34:1 38:1 39:1 40:1 42:1 44:1 45:1 46:1 47:1 49:1",
            "13:1 14:1 15:-1 18:-1 19:1 20:-1 21:-1 22:1 23:-1 24:-1 26:1 27:1 33:1 34:1 38:1 39:1 40:1 42:1 44:1 45:1 46:1 47:1 49:1",
            "0:1 12:1 14:1 15:-1 16:1 17:1 18:1 19:-1 20:-1 21:-1 22:-1 23:1 24:-1 26:1 27:1 33:1 34:1 38:1 39:1 40:1 42:1 44:1 45:1 46:1 47:1 49:1",
            "13:1 14:1 15:-1 16:1 18:-1 19:1 20:-1 21:-1 22:-1 23:1 24:-1 26:1 27:1 33:1 34:1 38:1 39:1 40:1 42:1 44:1 45:1 46:1 47:1 49:1",
            "1:1 12:1 14:1 15:1 17:1 18:1 19:1 20:-1 21:-1 22:-1 23:1 24:-1 27:1 34:1 38:1 39:1 40:1 42:1 44:1 45:1 46:1 47:1 49:1",
            "10:1 12:1 14:1 15:1 18:-1 19:-1 20:1 21:-1 22:-1 23:1 24:-1 27:1 34:1 39:1 46:1",
        };
        assertPositions(med, rangeMelody(24, 36), KEY_POSITIONS, inputs,
                new int[] {0, 15, 1, 11, 13, 15, 14, 13, 15, 14, 15, 10});
    }

    @Test
    void keyMelodyDefaultRange() {
        EncoderDecoder med = MelodyRnn.ATTENTION_RNN.encoderDecoder();
        assertEquals(74, med.inputSize());
        assertEquals(40, med.numClasses());
        assertEquals(36, med.defaultEventLabel());
        String[] inputs = {
            "0:1 36:1 38:1 42:1 43:-1 44:-1 45:-1 46:-1 47:-1 48:-1 50:1 51:1 53:1 55:1 57:1 58:1 60:1 62:1 63:1 65:1 67:1 69:1 70:1 72:1",
            "0:1 36:1 42:-1 43:1 44:-1 45:-1 46:-1 47:-1 48:-1 50:1 51:1 53:1 55:1 57:1 58:1 60:1 62:1 63:1 65:1 67:1 69:1 70:1 72:1",
            "1:1 36:1 38:1 39:1 42:1 43:1 44:-1 45:-1 46:-1 47:-1 48:-1 51:1 58:1 63:1 70:1",
            "35:1 36:1 38:1 39:1 42:-1 43:-1 44:1 45:-1 46:-1 47:-1 48:-1 50:1 51:1 52:1 54:1 56:1 57:1 58:1 59:1 61:1 62:1 63:1 64:1 66:1 68:1 69:1 70:1 71:1 73:1",
            "37:1 38:1 39:1 42:1 43:-1 44:1 45:-1 46:-1 47:-1 48:-1 50:1 51:1 52:1 54:1 56:1 57:1 58:1 59:1 61:1 62:1 63:1 64:1 66:1 68:1 69:1 70:1 71:1 73:1",
            "37:1 39:1 42:-1 43:-1 44:-1 45:-1 46:1 47:-1 48:-1 49:1 50:1 51:1 52:1 54:1 56:1 57:1 58:1 59:1 61:1 62:1 63:1 64:1 66:1 68:1 69:1 70:1 71:1 73:1",
            "0:1 36:1 38:1 39:-1 40:1 42:1 43:-1 44:-1 45:-1 46:1 47:-1 48:-1 50:1 51:1 57:1 58:1 62:1 63:1 64:1 66:1 68:1 69:1 70:1 71:1 73:1",
            "37:1 38:1 39:-1 42:-1 43:1 44:-1 45:-1 46:1 47:-1 48:-1 50:1 51:1 57:1 58:1 62:1 63:1 64:1 66:1 68:1 69:1 70:1 71:1 73:1",
            "0:1 36:1 38:1 39:-1 40:1 41:1 42:1 43:-1 44:-1 45:-1 46:-1 47:1 48:-1 50:1 51:1 57:1 58:1 62:1 63:1 64:1 66:1 68:1 69:1 70:1 71:1 73:1",
            "37:1 38:1 39:-1 40:1 42:-1 43:1 44:-1 45:-1 46:-1 47:1 48:-1 50:1 51:1 57:1 58:1 62:1 63:1 64:1 66:1 68:1 69:1 70:1 71:1 73:1",
            "1:1 36:1 38:1 39:1 41:1 42:1 43:1 44:-1 45:-1 46:-1 47:1 48:-1 51:1 58:1 62:1 63:1 64:1 66:1 68:1 69:1 70:1 71:1 73:1",
            "34:1 36:1 38:1 39:1 42:-1 43:-1 44:1 45:-1 46:-1 47:1 48:-1 51:1 58:1 63:1 70:1",
        };
        assertPositions(med, rangeMelody(48, 84), KEY_POSITIONS, inputs,
                new int[] {0, 39, 1, 35, 37, 39, 38, 37, 39, 38, 39, 34});
    }
}
