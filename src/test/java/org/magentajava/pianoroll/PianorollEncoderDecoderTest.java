package org.magentajava.pianoroll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** note_seq's pianoroll_encoder_decoder_test (a 5-key encoder) plus the training pairs of a roll. */
class PianorollEncoderDecoderTest {
    private final PianorollEncoderDecoder enc = new PianorollEncoderDecoder(5);

    @Test
    void properties() {
        assertEquals(5, enc.inputSize());
        assertEquals(BigInteger.valueOf(32), enc.numClasses());
        assertEquals(BigInteger.ONE.shiftLeft(88), new PianorollEncoderDecoder().numClasses());
    }

    @Test
    void encodeInput() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0}, enc.input(new int[] {}));
        assertArrayEquals(new float[] {0, 1, 1, 0, 0}, enc.input(new int[] {1, 2}));
        assertArrayEquals(new float[] {0, 0, 1, 0, 0}, enc.input(new int[] {2}));
    }

    @Test
    void encodeLabel() {
        assertEquals(BigInteger.ZERO, enc.classIndex(new int[] {}));
        assertEquals(BigInteger.valueOf(6), enc.classIndex(new int[] {1, 2}));
        assertEquals(BigInteger.valueOf(4), enc.classIndex(new int[] {2}));
    }

    @Test
    void decodeLabel() {
        assertArrayEquals(new int[] {}, enc.keysOfClass(BigInteger.ZERO));
        assertArrayEquals(new int[] {1, 2}, enc.keysOfClass(BigInteger.valueOf(6)));
        assertArrayEquals(new int[] {2}, enc.keysOfClass(BigInteger.valueOf(4)));
        assertThrows(IllegalArgumentException.class, () -> enc.keysOfClass(BigInteger.valueOf(32)));
    }

    @Test
    void extendEventSequences() {
        PianorollSequence a = PianorollSequence.of(List.of(new int[] {0}, new int[] {1, 2}), 1, 0, 0, 4);
        PianorollSequence b = PianorollSequence.of(List.of(new int[] {}, new int[] {}), 1, 0, 0, 4);
        PianorollSequence a2 = enc.extend(a, new boolean[] {false, false, false, false, false});
        PianorollSequence b2 = enc.extend(b, new boolean[] {true, true, false, false, true});
        assertEquals(PianorollSequence.of(List.of(new int[] {0}, new int[] {1, 2}, new int[] {}), 1, 0, 0, 4), a2);
        assertEquals(PianorollSequence.of(List.of(new int[] {}, new int[] {}, new int[] {0, 1, 4}), 1, 0, 0, 4), b2);
    }

    /** Each step predicts its own keys from the previous step's; the first step sees silence. */
    @Test
    void encodeRollShiftsInputsByOneStep() {
        PianorollSequence roll =
                PianorollSequence.of(List.of(new int[] {0, 3}, new int[] {}, new int[] {4}), 1, 0, 0, 4);
        EncodedRoll e = enc.encode(roll);
        assertEquals(3, e.steps());
        assertArrayEquals(new float[][] {{0, 0, 0, 0, 0}, {1, 0, 0, 1, 0}, {0, 0, 0, 0, 0}}, e.inputs());
        assertArrayEquals(new boolean[][] {{true, false, false, true, false}, {false, false, false, false, false},
                {false, false, false, false, true}}, e.targets());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1}, enc.nextInput(roll));
        assertThrows(IllegalArgumentException.class, () -> new PianorollEncoderDecoder(88).encode(roll));
    }
}
