package org.magentajava.events;

import org.magentajava.melody.KeyMelodyEncoderDecoder;
import org.magentajava.melody.Melody;
import org.magentajava.melody.MelodyOneHotEncoding;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.models.polyphonyrnn.PolyphonyRnn;
import org.magentajava.models.ModelConfig;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceEventsTest {
    static final int N = Melody.NO_EVENT;
    static final int OFF = Melody.NOTE_OFF;

    /** A seeded melody in 48..84 with leading rests, held notes, rests and bars repeated 1 and 2 bars later. */
    static int[] folkLike(long seed, int bars) {
        Random r = new Random(seed);
        int[] events = new int[bars * 16];
        Arrays.fill(events, N);
        for (int bar = 0; bar < bars; bar++) {
            for (int s = 0; s < 16; s++) {
                int i = bar * 16 + s;
                if (bar == 0 && s < 3) {
                    continue; // a pickup: the melody starts with no-events
                }
                if (bar >= 2 && bar % 3 == 2) {
                    events[i] = events[i - 32]; // the bar from two bars ago
                } else if (bar >= 1 && bar % 3 == 1 && s < 8) {
                    events[i] = events[i - 16];
                } else if (s % 2 == 0) {
                    int roll = r.nextInt(10);
                    events[i] = roll < 7 ? 48 + r.nextInt(36) : roll < 8 ? OFF : N;
                }
            }
        }
        return events;
    }

    @Test
    void decodesTheEventsOfEveryMelodyConfigBackFromInputsAndLabels() {
        for (ModelConfig config : MelodyRnn.FAMILY.configs()) {
            EncoderDecoder enc = config.encoderDecoder();
            SequenceEvents decoder = new SequenceEvents(enc);
            for (long seed = 0; seed < 5; seed++) {
                int[] events = folkLike(seed, 6);
                EncodedSequence encoded = enc.encode(events);
                assertArrayEquals(events, decoder.decode(encoded.inputs(), encoded.labels()),
                        config.name() + " seed " + seed);
            }
            // a melody that starts on a note, and the empty sequence
            EncodedSequence encoded = enc.encode(new int[] {60, N, 62, OFF, N, 60});
            assertArrayEquals(new int[] {60, N, 62, OFF, N, 60}, decoder.decode(encoded.inputs(), encoded.labels()));
            assertArrayEquals(new int[0], decoder.decode(new float[0][], new int[0]));
        }
    }

    @Test
    void everyClassOfAStepDecodesToItsEventAndNoOtherClassDoes() {
        for (ModelConfig config : MelodyRnn.FAMILY.configs()) {
            EncoderDecoder enc = config.encoderDecoder();
            SequenceEvents decoder = new SequenceEvents(enc);
            int[] events = folkLike(7, 8);
            int[][] classes = decoder.eventClasses(events);
            int[] labels = enc.encode(events).labels();
            for (int i = 0; i < classes.length; i++) {
                assertTrue(Arrays.binarySearch(classes[i], labels[i]) >= 0, config.name() + " step " + i);
                for (int c = 0; c < enc.numClasses(); c++) {
                    boolean same = enc.classToEvent(c, events, i + 1) == events[i + 1];
                    assertEquals(same, Arrays.binarySearch(classes[i], c) >= 0, config.name() + " step " + i + " class " + c);
                }
            }
        }
    }

    @Test
    void lookbackRepeatsGiveTwoClassesForOneNote() {
        // 60..62: classes 0 NO_EVENT, 1 NOTE_OFF, 2 pitch 60, 3 pitch 61, 4 "repeat 2 steps back"
        LookbackEncoderDecoder enc = new LookbackEncoderDecoder(new MelodyOneHotEncoding(60, 62), new int[] {2}, 1);
        SequenceEvents decoder = new SequenceEvents(enc);
        int[] events = {60, 61, 60, 61, OFF};
        EncodedSequence encoded = enc.encode(events);
        assertArrayEquals(new int[] {3, 4, 4, 1}, encoded.labels());
        int[][] classes = decoder.eventClasses(encoded.inputs(), encoded.labels());
        assertArrayEquals(new int[] {3}, classes[0]); // nothing 2 steps back yet
        assertArrayEquals(new int[] {2, 4}, classes[1]);
        assertArrayEquals(new int[] {3, 4}, classes[2]);
        assertArrayEquals(new int[] {1}, classes[3]);
        assertFalse(decoder.labelsAreEvents());
        assertArrayEquals(new int[] {N, OFF, 60, 61}, decoder.vocabulary());
    }

    @Test
    void keyMelodyEarlyNoEventsHaveThreeClasses() {
        KeyMelodyEncoderDecoder enc = new KeyMelodyEncoderDecoder(48, 84);
        SequenceEvents decoder = new SequenceEvents(enc);
        int[][] classes = decoder.eventClasses(new int[] {N, N, 60});
        // NO_EVENT (36), and both repeat classes (38: 16 back, 39: 32 back) read "no event" before step 16
        assertArrayEquals(new int[] {36, 38, 39}, classes[0]);
        assertArrayEquals(new int[] {12}, classes[1]);
        assertEquals(38, decoder.vocabulary().length);
    }

    @Test
    void oneHotConfigsLabelTheirEventsDirectly() {
        assertTrue(new SequenceEvents(MelodyRnn.BASIC_RNN.encoderDecoder()).labelsAreEvents());
        assertTrue(new SequenceEvents(MelodyRnn.MONO_RNN.encoderDecoder()).labelsAreEvents());
        assertTrue(new SequenceEvents(PolyphonyRnn.POLYPHONY.encoderDecoder()).labelsAreEvents());
        assertFalse(new SequenceEvents(MelodyRnn.LOOKBACK_RNN.encoderDecoder()).labelsAreEvents());
        assertFalse(new SequenceEvents(MelodyRnn.ATTENTION_RNN.encoderDecoder()).labelsAreEvents());
    }

    @Test
    void anotherEncodersDataIsRefused() {
        SequenceEvents decoder = new SequenceEvents(MelodyRnn.BASIC_RNN.encoderDecoder());
        float[][] inputs = new float[2][38];
        inputs[0][5] = 1;
        inputs[0][6] = 1; // two-hot: no event encodes to it
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(inputs, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("first input"), e.getMessage());
        inputs[0][6] = 0;
        e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(inputs, new int[] {0, 40}));
        assertTrue(e.getMessage().contains("label 40 at step 1"), e.getMessage());
    }

    @Test
    void phraseSequencesDecodeInTheirOwnMeter() {
        SequenceEvents decoder = new SequenceEvents(MelodyRnn.PHRASE_RNN.encoderDecoder());
        // A 3/4 melody whose bars repeat 1 and 2 bars (12 and 24 steps) back: labels point at those lags.
        int[] events = new int[12 * 6];
        Arrays.fill(events, N);
        int[] bars = {60, 62, 60, 64, 60, 62};
        for (int b = 0; b < bars.length; b++) {
            events[12 * b] = bars[b];
            events[12 * b + 6] = bars[b] + 7;
        }
        EncodedSequence encoded = MelodyRnn.PHRASE_RNN.encoderDecoder().forStepsPerBar(12).encode(events);
        assertArrayEquals(events, decoder.decode(encoded.inputs(), encoded.labels()));
        // Step 23 predicts event 24 (bar 2's 60): its own class, the 2-bar repeat (24 steps back), and no 1-bar one.
        int[] classes = decoder.eventClasses(encoded.inputs(), encoded.labels())[23];
        assertArrayEquals(new int[] {60 - 48 + 2, 38 + 1}, classes);
    }

    @Test
    void classGroupsJoinEveryClassThatPlaysTheSameEventAtThatStep() {
        // classes 0 NO_EVENT, 1 NOTE_OFF, 2 pitch 60, 3 pitch 61, 4 "repeat 2 steps back"
        LookbackEncoderDecoder enc = new LookbackEncoderDecoder(new MelodyOneHotEncoding(60, 62), new int[] {2}, 1);
        SequenceEvents decoder = new SequenceEvents(enc);
        int[][] groups = decoder.classGroups(new int[] {60, 61, 60, 61});
        // step 0: two steps back is before the start, so "repeat" is the default event, NO_EVENT (class 0);
        // steps 1 and 2: "repeat" is 60 (class 2), then 61 (class 3)
        assertArrayEquals(new int[][] {{0, 1, 2, 3, 0}, {0, 1, 2, 3, 2}, {0, 1, 2, 3, 3}}, groups);
        EncodedSequence encoded = enc.encode(new int[] {60, 61, 60, 61});
        assertArrayEquals(groups, decoder.classGroups(encoded.inputs(), encoded.labels()));
    }

    @Test
    void theLabelsGroupIsExactlyItsEventClassesInEveryMelodyConfig() {
        for (ModelConfig config : MelodyRnn.FAMILY.configs()) {
            EncoderDecoder enc = config.encoderDecoder();
            SequenceEvents decoder = new SequenceEvents(enc);
            EncodedSequence encoded = enc.encode(folkLike(3, 6));
            int[][] groups = decoder.classGroups(encoded.inputs(), encoded.labels());
            int[][] classes = decoder.eventClasses(encoded.inputs(), encoded.labels());
            assertEquals(classes.length, groups.length, config.name());
            for (int step = 0; step < groups.length; step++) {
                int[] g = groups[step];
                int group = g[encoded.labels()[step]];
                int[] same = java.util.stream.IntStream.range(0, enc.numClasses()).filter(c -> g[c] == group).toArray();
                assertArrayEquals(classes[step], same, config.name() + " step " + step);
            }
        }
    }
}
