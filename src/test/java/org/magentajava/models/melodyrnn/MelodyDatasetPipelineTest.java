package org.magentajava.models.melodyrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magentajava.notes.TestSequences.addTrack;
import static org.magentajava.notes.TestSequences.note;
import static org.magentajava.notes.TestSequences.sequence;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.magentajava.events.EncodedSequence;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.ExtractionParams;
import org.magentajava.melody.Melody;
import org.magentajava.melody.MelodyExtractor;
import org.magentajava.models.ModelConfig;
import org.magentajava.notes.Quantization;
import org.magentajava.notes.QuantizationException;
import org.magentajava.pipeline.Statistics;
import org.magentajava.proto.NoteSequence;

class MelodyDatasetPipelineTest {

    static final int[] TUNE = {72, 74, 76, 77, 79, 81, 79, 77};

    /** {@code bars} bars of eighth notes at 120 qpm on instrument 0, starting at {@code offset} seconds. */
    static NoteSequence.Builder tune(NoteSequence.Builder ns, int bars, double offset, int instrument) {
        for (int i = 0; i < bars * 8; i++) {
            addTrack(ns, instrument, note(TUNE[i % TUNE.length], 100, offset + i * 0.25, offset + i * 0.25 + 0.25));
        }
        return ns;
    }

    @Test
    void aMeterPhraseRnnCannotEncodeIsAReasonNotACrash() {
        // 4/2 at 4 steps per quarter is 32 steps per bar, over the phrase encoder's 31; 16 bars of eighths
        NoteSequence ns = tune(sequence(120, 4, 2), 16, 0, 0).build();
        MelodyDatasetPipeline.Result phrase = MelodyDatasetPipeline.process(ns, MelodyRnn.PHRASE_RNN);
        assertEquals(0, phrase.melodies().size());
        assertEquals("32 steps per bar (phrase_rnn: phrase encoding supports 1..31 steps per bar, not 32)",
                phrase.noMelodyReason());
        assertEquals(1, MelodyDatasetPipeline.process(ns, MelodyRnn.LOOKBACK_RNN).melodies().size());
    }

    @Test
    void oneCleanTune() {
        NoteSequence ns = tune(sequence(120, 4, 4), 8, 0, 0).build();
        for (ModelConfig config : MelodyRnn.FAMILY.configs()) {
            MelodyDatasetPipeline.Result r = MelodyDatasetPipeline.process(ns, config);
            assertNull(r.noMelodyReason());
            assertEquals(1, r.melodies().size(), config.name());

            // The same steps done by hand.
            NoteSequence q = Quantization.quantizeNoteSequence(ns, 4);
            Melody melody = MelodyExtractor.extractMelodies(q, ExtractionParams.createDataset()).melodies().get(0);
            Melody squashed = melody.squash(config.minNote(), config.maxNote(), config.transposeToKey());
            MelodyDatasetPipeline.EncodedMelody example = r.melodies().get(0);
            assertEquals(squashed, example.melody());
            EncodedSequence expected = config.encoderDecoder().encode(squashed.events());
            assertArrayEquals(expected.labels(), example.labels());
            for (int i = 0; i < expected.steps(); i++) {
                assertArrayEquals(expected.inputs()[i], example.inputs()[i]);
            }
            assertEquals(127, example.labels().length);
            assertEquals(config.encoderDecoder().inputSize(), example.inputs()[0].length);

            Statistics s = r.statistics();
            assertEquals(1, s.count(Statistics.TRANSPOSITION, "transpositions_generated"));
            assertEquals(0, s.count(Statistics.TRANSPOSITION, "skipped_due_to_range_exceeded"));
            assertTrue(s.has(Statistics.MELODY_EXTRACTOR, MelodyExtractor.TRUNCATED));
            assertEquals(0, s.count(Statistics.MELODY_EXTRACTOR, MelodyExtractor.TRUNCATED));
            assertEquals(1, s.histogram(Statistics.MELODY_EXTRACTOR, MelodyExtractor.LENGTHS_IN_BARS).countAt(8));
        }
        // C major tune squashed into 48..84 around key C; mono_rnn keeps the original pitches.
        assertEquals(60, MelodyDatasetPipeline.process(ns, MelodyRnn.BASIC_RNN).melodies().get(0).melody().event(0));
        assertEquals(72, MelodyDatasetPipeline.process(ns, MelodyRnn.MONO_RNN).melodies().get(0).melody().event(0));
    }

    @Test
    void longTunesAreTruncatedTo512Steps() {
        MelodyDatasetPipeline.Result r = MelodyDatasetPipeline.process(tune(sequence(120, 4, 4), 40, 0, 0).build(),
                MelodyRnn.LOOKBACK_RNN);
        assertEquals(1, r.melodies().size());
        assertEquals(512, r.melodies().get(0).melody().length());
        assertEquals(511, r.melodies().get(0).labels().length);
        assertEquals(1, r.statistics().count(Statistics.MELODY_EXTRACTOR, MelodyExtractor.TRUNCATED));
        assertEquals("MelodyExtractor_training_melodies_truncated",
                new Statistics.Key(Statistics.MELODY_EXTRACTOR, MelodyExtractor.TRUNCATED).qualified("training"));
    }

    @Test
    void tempoChangeSplitsAndBothPiecesAreUsed() {
        NoteSequence.Builder ns = tune(sequence(120, 4, 4), 8, 0, 0);
        ns.addTemposBuilder().setQpm(100).setTime(16.0);
        // Ten bars of eighth notes at 100 qpm, in seconds as written: still more than 7 bars on the new grid.
        tune(ns, 10, 16.0, 0);
        MelodyDatasetPipeline.Result r = MelodyDatasetPipeline.process(ns.build(), MelodyRnn.BASIC_RNN);
        assertEquals(2, r.melodies().size());
        assertEquals(2, r.statistics().count(Statistics.TRANSPOSITION, "transpositions_generated"));
        assertEquals(128, r.melodies().get(0).melody().length());
        // At 20/3 steps per second the last note starts at int(19.75 * 20 / 3 + 0.5) = 132 and sounds to the end.
        assertEquals(133, r.melodies().get(1).melody().length());
        assertEquals(77 - 12, r.melodies().get(1).melody().event(132)); // squashed down an octave
    }

    @Test
    void chordDiscardsTheTrack() {
        NoteSequence.Builder ns = tune(sequence(120, 4, 4), 8, 0, 0);
        addTrack(ns, 0, note(60, 100, 16.0, 16.5), note(64, 100, 16.0, 16.5));
        MelodyDatasetPipeline.Result r = MelodyDatasetPipeline.process(ns.build(), MelodyRnn.BASIC_RNN);
        assertTrue(r.melodies().isEmpty());
        assertEquals(1, r.statistics().count(Statistics.MELODY_EXTRACTOR, MelodyExtractor.POLYPHONIC_TRACKS_DISCARDED));
        assertEquals("polyphonic tracks", r.noMelodyReason());
    }

    @Test
    void shortOrPoorMelodiesGiveReasons() {
        MelodyDatasetPipeline.Result shortTune = MelodyDatasetPipeline.process(
                tune(sequence(120, 4, 4), 3, 0, 0).build(), MelodyRnn.BASIC_RNN);
        assertEquals("no melody >= 7 bars", shortTune.noMelodyReason());
        assertEquals(1, shortTune.statistics().count(Statistics.MELODY_EXTRACTOR, MelodyExtractor.TOO_SHORT));

        NoteSequence.Builder drone = sequence(120, 4, 4);
        for (int i = 0; i < 64; i++) {
            addTrack(drone, 0, note(i % 2 == 0 ? 60 : 72, 100, i * 0.25, i * 0.25 + 0.25));
        }
        MelodyDatasetPipeline.Result poor = MelodyDatasetPipeline.process(drone.build(), MelodyRnn.BASIC_RNN);
        assertEquals("melodies with < 5 pitch classes", poor.noMelodyReason());
        assertEquals(1, poor.statistics().count(Statistics.MELODY_EXTRACTOR, MelodyExtractor.TOO_FEW_PITCHES));

        assertEquals("empty sequence",
                MelodyDatasetPipeline.process(NoteSequence.getDefaultInstance(), MelodyRnn.BASIC_RNN).noMelodyReason());
    }

    @Test
    void quantizerDiscardsAreCounted() {
        MelodyDatasetPipeline.Result bad = MelodyDatasetPipeline.process(
                tune(sequence(120, 0, 4), 8, 0, 0).build(), MelodyRnn.BASIC_RNN);
        assertTrue(bad.melodies().isEmpty());
        assertEquals(1, bad.statistics().count(Statistics.QUANTIZER, "sequences_discarded_because_bad_time_signature"));
        assertEquals("bad time signature", bad.noMelodyReason());
        assertTrue(!bad.statistics().has(Statistics.TRANSPOSITION, "transpositions_generated"));
        assertEquals(List.of(Optional.of(QuantizationException.Reason.BAD_TIME_SIGNATURE)), bad.quantizerOutcomes());
        // A meter change to a bad signature: the first piece is fine, the second is discarded.
        NoteSequence.Builder change = tune(sequence(120, 4, 4), 8, 0, 0);
        change.addTimeSignaturesBuilder().setNumerator(3).setDenominator(5).setTime(16.0);
        tune(change, 8, 16.0, 0);
        MelodyDatasetPipeline.Result half = MelodyDatasetPipeline.process(change.build(), MelodyRnn.BASIC_RNN);
        assertEquals(1, half.melodies().size());
        assertNull(half.noMelodyReason());
        assertEquals(List.of(Optional.empty(), Optional.of(QuantizationException.Reason.BAD_TIME_SIGNATURE)),
                half.quantizerOutcomes());
    }

    @Test
    void nonIntegerBarIsCounted() {
        MelodyDatasetPipeline.Result r = MelodyDatasetPipeline.process(tune(sequence(120, 5, 32), 8, 0, 0).build(),
                MelodyRnn.BASIC_RNN);
        assertEquals(1, r.statistics().count(Statistics.MELODY_EXTRACTOR, MelodyExtractor.NON_INTEGER_STEPS_PER_BAR));
        assertTrue(!r.statistics().has(Statistics.MELODY_EXTRACTOR, MelodyExtractor.TOO_SHORT));
        assertEquals("non-integer steps per bar", r.noMelodyReason());
    }

    @Test
    void outOfRangePitchDropsTheSequenceButDrumsDoNot() {
        NoteSequence.Builder ns = tune(sequence(120, 4, 4), 8, 0, 0);
        addTrack(ns, 1, note(130, 100, 0, 1));
        MelodyDatasetPipeline.Result r = MelodyDatasetPipeline.process(ns.build(), MelodyRnn.BASIC_RNN);
        assertTrue(r.melodies().isEmpty());
        assertEquals(1, r.statistics().count(Statistics.TRANSPOSITION, "skipped_due_to_range_exceeded"));
        assertEquals(0, r.statistics().count(Statistics.TRANSPOSITION, "transpositions_generated"));
        assertEquals("pitches outside 0..127", r.noMelodyReason());

        ns.getNotesBuilder(ns.getNotesCount() - 1).setIsDrum(true);
        assertEquals(1, MelodyDatasetPipeline.process(ns.build(), MelodyRnn.BASIC_RNN).melodies().size());
    }

    @Test
    void negativeTimeAndInvertedNotesEscapeAsInMagenta() {
        NoteSequence.Builder negative = tune(sequence(120, 4, 4), 8, 0, 0);
        addTrack(negative, 1, note(60, 100, 1.0, -1.0));
        QuantizationException e = assertThrows(QuantizationException.class,
                () -> MelodyDatasetPipeline.process(negative.build(), MelodyRnn.BASIC_RNN));
        assertEquals(QuantizationException.Reason.NEGATIVE_TIME, e.reason());

        NoteSequence.Builder inverted = tune(sequence(120, 4, 4), 8, 0, 0);
        addTrack(inverted, 1, note(60, 100, 15.0, 14.0));
        assertThrows(BadInputException.class,
                () -> MelodyDatasetPipeline.process(inverted.build(), MelodyRnn.BASIC_RNN));
    }

    @Test
    void concurrentCallsAgree() {
        NoteSequence ns = tune(tune(sequence(120, 4, 4), 10, 0, 0), 9, 0, 3).build();
        MelodyDatasetPipeline.Result expected = MelodyDatasetPipeline.process(ns, MelodyRnn.ATTENTION_RNN);
        assertEquals(2, expected.melodies().size());
        List<MelodyDatasetPipeline.Result> results = IntStream.range(0, 8).parallel()
                .mapToObj(i -> MelodyDatasetPipeline.process(ns, MelodyRnn.ATTENTION_RNN)).toList();
        for (MelodyDatasetPipeline.Result r : results) {
            for (int m = 0; m < 2; m++) {
                assertArrayEquals(expected.melodies().get(m).labels(), r.melodies().get(m).labels());
                assertArrayEquals(expected.melodies().get(m).inputs()[100], r.melodies().get(m).inputs()[100]);
            }
        }
    }
}
