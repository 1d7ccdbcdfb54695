package org.magentajava.melody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.magentajava.events.EncodedSequence;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.IncrementalEncoder;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.melodyrnn.MelodyRnn;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Traps, round trips and the incremental form of every melody encoder. */
class EncoderBehaviourTest {

    static final int N = Melody.NO_EVENT;
    static final int X = Melody.NOTE_OFF;

    /** A melody with notes, rests, holds and literal repeats, deterministic for a seed, within [low, high). */
    static int[] randomMelody(long seed, int length, int low, int high) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] events = new int[length];
        for (int i = 0; i < length; i++) {
            int roll = random.nextInt(10);
            if (i >= 16 && roll < 3) {
                events[i] = events[i - 16]; // bar repeats exercise the lookback classes
            } else if (roll < 6) {
                events[i] = N;
            } else if (roll < 7) {
                events[i] = X;
            } else {
                events[i] = low + random.nextInt(high - low);
            }
        }
        return Melody.of(events).events();
    }

    static EncoderDecoder[] allConfigEncoders() {
        return MelodyRnn.FAMILY.configs().stream().map(ModelConfig::encoderDecoder).toArray(EncoderDecoder[]::new);
    }

    @Test
    void configSizesAndDefaultLabels() {
        assertSizes(MelodyRnn.BASIC_RNN, 38, 38, 0);
        assertSizes(MelodyRnn.MONO_RNN, 130, 130, 0);
        assertSizes(MelodyRnn.LOOKBACK_RNN, 121, 40, 0);
        assertSizes(MelodyRnn.ATTENTION_RNN, 74, 40, 36);
        assertSizes(MelodyRnn.PHRASE_RNN, 38 + 4 * 38 + 4 + 5 + 3 + 6, 42, 0);
    }

    private static void assertSizes(ModelConfig config, int inputs, int classes, int defaultLabel) {
        EncoderDecoder e = config.encoderDecoder();
        assertEquals(inputs, e.inputSize(), config.name());
        assertEquals(classes, e.numClasses(), config.name());
        assertEquals(defaultLabel, e.defaultEventLabel(), config.name());
    }

    @Test
    void decodingTheLabelsGivesTheMelodyBack() {
        for (ModelConfig config : MelodyRnn.FAMILY.configs()) {
            EncoderDecoder encoder = config.encoderDecoder();
            int[] events = randomMelody(7, 300, config.minNote(), config.maxNote());
            EncodedSequence encoded = encoder.encode(events);
            assertEquals(events.length - 1, encoded.steps());
            // Generation replays the labels: start from the first event and decode each class in turn.
            IncrementalEncoder replay = encoder.newIncrementalEncoder();
            replay.append(events[0]);
            for (int label : encoded.labels()) {
                replay.appendClass(label);
            }
            assertArrayEquals(events, replay.events(), config.name());
        }
    }

    @Test
    void incrementalEncodingEqualsBatchEncoding() {
        for (EncoderDecoder encoder : allConfigEncoders()) {
            int low = encoder.numClasses() == 130 ? 0 : 48;
            int high = encoder.numClasses() == 130 ? 128 : 84;
            int[] events = randomMelody(11, 200, low, high);
            EncodedSequence batch = encoder.encode(events);
            IncrementalEncoder inc = encoder.newIncrementalEncoder();
            for (int p = 0; p < events.length; p++) {
                inc.append(events[p]);
                assertEquals(p + 1, inc.length());
                if (p < batch.steps()) {
                    assertArrayEquals(batch.inputs()[p], inc.input(), "input " + p);
                }
                if (p > 0) {
                    assertEquals(batch.labels()[p - 1], inc.label(), "label " + p);
                }
                // The direct per-position form agrees too.
                if (p % 37 == 0) {
                    assertArrayEquals(encoder.inputVector(events, p), inc.input());
                    assertEquals(encoder.label(events, p), inc.label());
                }
            }
        }
    }

    @Test
    void copiesForkIndependently() {
        for (EncoderDecoder encoder : allConfigEncoders()) {
            IncrementalEncoder a = encoder.newIncrementalEncoder();
            a.appendAll(60, N, 62, X, 64);
            IncrementalEncoder b = a.copy();
            a.append(65);
            b.append(67);
            b.append(N);
            IncrementalEncoder fresh = encoder.newIncrementalEncoder();
            fresh.appendAll(60, N, 62, X, 64, 67, N);
            assertArrayEquals(fresh.input(), b.input());
            assertArrayEquals(new int[] {60, N, 62, X, 64, 65}, a.events());
        }
    }

    @Test
    void keyMelodyEncodingIsLinear() {
        EncoderDecoder encoder = MelodyRnn.ATTENTION_RNN.encoderDecoder();
        int[] events = randomMelody(3, 20_000, 48, 84);
        encoder.encode(randomMelody(4, 2_000, 48, 84)); // warm up the JIT
        long start = System.nanoTime();
        EncodedSequence encoded = encoder.encode(events);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(19_999, encoded.steps());
        assertTrue(seconds < 1.0, "20,000 steps took " + seconds + " s");
        // The tail matches the per-position definition.
        assertArrayEquals(encoder.inputVector(events, 19_998), encoded.inputs()[19_998]);
    }

    /** KeyMelody's input for one position, recomputed from scratch over events[0..p] as note_seq does. */
    static float[] keyMelodyByRescan(int[] events, int p, int min, int range) {
        Integer current = null;
        boolean attack = false;
        Boolean ascending = null;
        java.util.ArrayDeque<Integer> lastThree = new java.util.ArrayDeque<>();
        int[] histogram = new int[12];
        for (int i = 0; i <= p; i++) {
            int e = events[i];
            if (e == N) {
                attack = false;
            } else if (e == X) {
                current = null;
            } else {
                attack = true;
                current = e;
                if (!lastThree.isEmpty() && e != lastThree.peekLast()) {
                    ascending = e > lastThree.peekLast();
                }
                lastThree.remove(e);
                lastThree.addLast(e);
                if (lastThree.size() > 3) {
                    lastThree.removeFirst();
                }
                histogram[e % 12]++;
            }
        }
        float[] v = new float[range + 4 + 2 + 7 + 1 + 24];
        if (current != null && current != 0) {
            v[current - min] = 1;
            v[range] = 1;
        } else {
            v[range + 1] = 1;
        }
        v[range + 2] = attack ? 1 : 0;
        v[range + 3] = ascending == null ? 0 : ascending ? 1 : -1;
        int at = range + 4;
        for (int d : new int[] {16, 32}) {
            v[at++] = p - d >= 0 && events[p] == events[p - d] ? 1 : 0;
        }
        for (int bit = 0; bit < 7; bit++) {
            v[at++] = ((p + 1) / (1 << bit)) % 2 == 1 ? 1 : -1;
        }
        v[at++] = (p + 1) % 16 == 0 ? 1 : 0;
        int[] recent = new int[12];
        for (int pitch : lastThree) {
            recent[pitch % 12]++;
        }
        for (int[] h : new int[][] {histogram, recent}) {
            int[] keys = Melody.majorKeyHistogram(h);
            int max = Arrays.stream(keys).max().getAsInt();
            for (int k = 0; k < 12; k++) {
                v[at++] = keys[k] == max ? 1 : 0;
            }
        }
        return v;
    }

    @Test
    void keyMelodyMatchesTheRescanningDefinition() {
        EncoderDecoder key = MelodyRnn.ATTENTION_RNN.encoderDecoder();
        for (long seed = 0; seed < 5; seed++) {
            int[] events = randomMelody(seed, 400, 48, 84);
            EncodedSequence encoded = key.encode(events);
            for (int p = 0; p < encoded.steps(); p++) {
                assertArrayEquals(keyMelodyByRescan(events, p, 48, 36), encoded.inputs()[p], "seed " + seed + " p " + p);
            }
        }
    }

    @Test
    void primingCollectsEveryInput() {
        for (EncoderDecoder encoder : allConfigEncoders()) {
            int[] primer = {60, N, 62, X, N, 64, 64, N};
            float[][] inputs = encoder.newIncrementalEncoder().appendWithInputs(primer);
            EncodedSequence batch = encoder.encode(primer);
            for (int i = 0; i < batch.steps(); i++) {
                assertArrayEquals(batch.inputs()[i], inputs[i]);
            }
            assertArrayEquals(encoder.inputVector(primer, primer.length - 1), inputs[primer.length - 1]);
        }
    }

    @Test
    void keyMelodyAttackIsStickyThroughNoteOffs() {
        EncoderDecoder key = new KeyMelodyEncoderDecoder(48, 84);
        int[] events = {60, X, X, N, X};
        int attack = 36 + 2;
        assertEquals(1f, key.inputVector(events, 0)[attack]);
        assertEquals(1f, key.inputVector(events, 1)[attack]); // NOTE_OFF leaves it on
        assertEquals(1f, key.inputVector(events, 2)[attack]);
        assertEquals(0f, key.inputVector(events, 3)[attack]); // NO_EVENT clears it
        assertEquals(0f, key.inputVector(events, 4)[attack]);
        // Silence after the NOTE_OFF.
        assertEquals(0f, key.inputVector(events, 1)[36]);
        assertEquals(1f, key.inputVector(events, 1)[37]);
    }

    @Test
    void keyMelodyBarFlagIsSixteenStepsWhateverTheMeter() {
        EncoderDecoder key = new KeyMelodyEncoderDecoder(48, 84);
        int[] events = new int[40];
        Arrays.fill(events, N);
        events[0] = 60;
        int barFlag = 36 + 4 + 2 + 7;
        for (int p = 0; p < events.length; p++) {
            float expected = (p + 1) % 16 == 0 ? 1f : 0f;
            assertEquals(expected, key.inputVector(events, p)[barFlag], "position " + p);
        }
    }

    @Test
    void keyMelodyNoEventLabelAndPrecedence() {
        EncoderDecoder key = new KeyMelodyEncoderDecoder(48, 84);
        int[] events = new int[40];
        Arrays.fill(events, N);
        events[0] = 60;
        events[1] = X;
        events[2] = 64;
        events[18] = 65;
        // NO_EVENT before step 32 is labelled "repeat two bars" (39), which decodes to NO_EVENT anyway.
        assertEquals(39, key.label(events, 3));
        assertEquals(39, key.label(events, 31));
        assertEquals(N, key.classToEvent(39, Arrays.copyOf(events, 3)));
        // From step 32 on: a NO_EVENT that repeats events[p - 32] is still 39...
        assertEquals(39, key.label(events, 35));
        // ...one that repeats neither lookback is the no-event class 36, not 0 as in the one-hot order.
        assertEquals(36, key.label(events, 34));
        // A pitch equal to the one a bar back (and not two bars back) is "repeat one bar", 38.
        events[34] = 65;
        assertEquals(38, key.label(events, 34));
        assertEquals(65, key.classToEvent(38, Arrays.copyOf(events, 34)));
        // Both lookbacks match: the more distant one wins.
        events[2] = 65;
        assertEquals(39, key.label(events, 34));
        assertEquals(X, key.classToEvent(37, events));
        assertEquals(N, key.classToEvent(36, events));
        assertEquals(48, key.classToEvent(0, events));
    }

    @Test
    void lookbackEarlyNoEventUsesTheMostDistantRepeatClass() {
        EncoderDecoder lookback = MelodyRnn.LOOKBACK_RNN.encoderDecoder();
        int[] events = new int[40];
        Arrays.fill(events, N);
        events[0] = 60;
        events[2] = 64;
        events[18] = 65;
        assertEquals(39, lookback.label(events, 5));
        assertEquals(0, lookback.label(events, 34)); // no early rule, no repeat: plain NO_EVENT
        assertEquals(39, lookback.label(events, 35)); // repeats events[3]
    }

    @Test
    void keyMelodyPitchZeroReadsAsSilence() {
        EncoderDecoder key = new KeyMelodyEncoderDecoder(0, 24);
        float[] zero = key.inputVector(new int[] {0}, 0);
        assertEquals(0f, zero[0]);
        assertEquals(0f, zero[24]); // not "note sounding"
        assertEquals(1f, zero[25]); // "silence"
        assertEquals(1f, zero[26]); // but it is an attack
        float[] one = key.inputVector(new int[] {1}, 0);
        assertEquals(1f, one[1]);
        assertEquals(1f, one[24]);
    }

    @Test
    void outOfRangeEventsAreRejected() {
        for (EncoderDecoder encoder : new EncoderDecoder[] {MelodyRnn.BASIC_RNN.encoderDecoder(),
            MelodyRnn.LOOKBACK_RNN.encoderDecoder(), MelodyRnn.ATTENTION_RNN.encoderDecoder()}) {
            IncrementalEncoder inc = encoder.newIncrementalEncoder();
            assertThrows(IllegalArgumentException.class, () -> inc.append(84));
            assertThrows(IllegalArgumentException.class, () -> inc.append(47));
            assertThrows(IllegalArgumentException.class, () -> inc.append(-3));
            assertThrows(IllegalStateException.class, inc::input);
        }
    }

    @Test
    void emptyAndSingleEventSequencesEncodeToNothing() {
        for (EncoderDecoder encoder : allConfigEncoders()) {
            assertEquals(0, encoder.encode(new int[0]).steps());
            assertEquals(0, encoder.encode(new int[] {60}).steps());
        }
    }
}
