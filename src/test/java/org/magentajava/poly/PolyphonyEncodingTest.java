package org.magentajava.poly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.magentajava.events.EncodedSequence;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.OneHotEncoderDecoder;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.models.polyphonyrnn.PolyphonyRnn;
import org.magentajava.registry.ModelRegistry;

/** polyphony_encoder_decoder_test.py and the config's encoder. */
class PolyphonyEncodingTest {
    final PolyphonyOneHotEncoding enc = new PolyphonyOneHotEncoding();

    @Test
    void encodeDecodeMatchesMagenta() {
        assertEquals(259, enc.numClasses());
        assertEquals(0, enc.encodeEvent(PolyphonicEvent.START));
        assertEquals(1, enc.encodeEvent(PolyphonicEvent.END));
        assertEquals(2, enc.encodeEvent(PolyphonicEvent.STEP_END));
        assertEquals(3, enc.encodeEvent(PolyphonicEvent.newNote(0)));
        assertEquals(130, enc.encodeEvent(PolyphonicEvent.newNote(127)));
        assertEquals(131, enc.encodeEvent(PolyphonicEvent.continuedNote(0)));
        assertEquals(191, enc.encodeEvent(PolyphonicEvent.continuedNote(60)));
        assertEquals(258, enc.encodeEvent(PolyphonicEvent.continuedNote(127)));
        for (int c = 0; c < 259; c++) {
            assertEquals(c, enc.encodeEvent(enc.decodeEvent(c)));
        }
        assertEquals(PolyphonicEvent.STEP_END, enc.defaultEvent());
        assertThrows(IllegalArgumentException.class, () -> enc.decodeEvent(259));
        assertThrows(IllegalArgumentException.class, () -> PolyphonicEvent.newNote(128));
    }

    @Test
    void eventsDecodeToTypeAndPitch() {
        int cont60 = PolyphonicEvent.continuedNote(60);
        assertEquals(PolyphonicEvent.TYPE_CONTINUED_NOTE, PolyphonicEvent.type(cont60));
        assertEquals(60, PolyphonicEvent.pitch(cont60));
        assertEquals(PolyphonicEvent.TYPE_NEW_NOTE, PolyphonicEvent.type(3));
        assertEquals(0, PolyphonicEvent.pitch(PolyphonicEvent.STEP_END), "unpitched events decode with pitch 0");
    }

    @Test
    void configEncoderEncodesTheReferenceSequence() {
        ModelConfig cfg = ModelRegistry.config("polyphony");
        assertEquals(PolyphonyRnn.POLYPHONY, cfg);
        EncoderDecoder ed = cfg.encoderDecoder();
        assertEquals(259, ed.inputSize());
        assertEquals(259, ed.numClasses());
        assertEquals(2, ed.defaultEventLabel());
        int[] events = PolyphonicSequenceTest.REFERENCE_EVENTS;
        EncodedSequence e = ed.encode(events);
        assertEquals(events.length - 1, e.steps());
        int[] hot = new int[e.steps()];
        for (int i = 0; i < e.steps(); i++) {
            float[] in = e.inputs()[i];
            float sum = 0;
            for (int k = 0; k < in.length; k++) {
                sum += in[k];
                if (in[k] == 1f) {
                    hot[i] = k;
                }
            }
            assertEquals(1f, sum, 0);
            assertArrayEquals(in, ed.inputVector(events, i), "the O(1) input equals the incremental one");
        }
        assertArrayEquals(new int[] {0, 67, 63, 2, 70, 195, 191, 2, 195, 191, 2, 191, 2}, hot);
        assertArrayEquals(new int[] {67, 63, 2, 70, 195, 191, 2, 195, 191, 2, 191, 2, 1}, e.labels());
        assertEquals(OneHotEncoderDecoder.class, ed.getClass());
    }

    @Test
    void configHasPolyphonyHparams() {
        assertEquals("batch_size=64,rnn_layer_sizes=[256,256,256],dropout_keep_prob=0.5,attn_length=0,"
                + "clip_norm=5,learning_rate=0.001,residual_connections=false", PolyphonyRnn.POLYPHONY.hparams());
        assertEquals(4, PolyphonyRnn.POLYPHONY.stepsPerQuarter());
        assertEquals("polyphony_rnn", PolyphonyRnn.POLYPHONY.family());
        assertEquals("melody_rnn", MelodyRnn.BASIC_RNN.family());
    }
}
