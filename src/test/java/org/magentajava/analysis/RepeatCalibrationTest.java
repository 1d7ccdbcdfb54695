package org.magentajava.analysis;

import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.registry.ModelRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.magentajava.events.PhraseEncoderDecoder;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.Melody;
import org.magentajava.models.ModelConfig;

class RepeatCalibrationTest {

    private static final int X = Melody.NO_EVENT;
    // C C D C in eighths: C major, inside basic_rnn's 48..84, so the squash leaves it alone
    private static final SourcedMelody TUNE = SourcedMelody.of("t", Melody.of(60, X, 60, X, 62, X, 60, X));
    private static final int CLASSES = 38; // basic_rnn: NO_EVENT, NOTE_OFF, pitches 48..83

    @Test
    void uniformModelRepeatsOneNoteOnIn36() {
        RepeatCalibration r = RepeatCalibration.of("uniform", MelodyRnn.BASIC_RNN, inputs -> {
            float[] p = new float[inputs.length * CLASSES];
            Arrays.fill(p, 1f / CLASSES);
            return p;
        }, List.of(TUNE));
        assertEquals(1.0 / 36, r.modelShare(), 1e-6);
        // 7 steps predict events 1..7; note-ons at 2 (C again), 4 (D), 6 (C after D): one repeat of three
        assertEquals(1.0 / 3, r.dataShare(), 1e-12);
        assertEquals(7, r.steps());
        assertEquals(1, r.melodies());
        assertEquals("uniform (basic_rnn)", r.model());
    }

    @Test
    void modelThatAlwaysPlaysCRepeatsWhileCWasLast() {
        int c = 2 + 60 - 48;
        RepeatCalibration r = RepeatCalibration.of("c", MelodyRnn.BASIC_RNN, inputs -> {
            float[] p = new float[inputs.length * CLASSES];
            for (int i = 0; i < inputs.length; i++) {
                p[i * CLASSES] = 0.5f;     // NO_EVENT
                p[i * CLASSES + c] = 0.5f; // C
            }
            return p;
        }, List.of(TUNE));
        // the last pitch is C before steps 0-3 and 6, D before steps 4-5: 5 of 7 equal note-on masses repeat
        assertEquals(5.0 / 7, r.modelShare(), 1e-6);
    }

    @Test
    void meterBoundEncodingsLookBackInTheMelodysOwnBars() {
        // a 3/4 tune (12 steps per bar) must reach the network encoded as create-dataset wrote it: the phrase
        // encoding's meter bits say 12, not the config's default 16
        int[] events = new int[24];
        Arrays.fill(events, X);
        events[0] = 60;
        events[12] = 60;
        SourcedMelody waltz = SourcedMelody.of("w", new Melody(events, 0, 4, 12));
        ModelConfig phrase = MelodyRnn.PHRASE_RNN;
        int classes = phrase.encoderDecoder().numClasses();
        int[] seenMeter = new int[1];
        RepeatCalibration.of("m", phrase, inputs -> {
            seenMeter[0] = ((PhraseEncoderDecoder) phrase.encoderDecoder()
                    .forFirstInput(inputs[0])).stepsPerBar();
            return new float[inputs.length * classes];
        }, List.of(waltz));
        assertEquals(12, seenMeter[0]);
    }

    @Test
    void polyphonyModelsAreRefused() {
        assertThrows(BadInputException.class, () -> RepeatCalibration.of("p", ModelRegistry.config("polyphony"),
                inputs -> new float[0], List.of(TUNE)));
    }
}
