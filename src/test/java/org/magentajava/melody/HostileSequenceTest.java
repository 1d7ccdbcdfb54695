package org.magentajava.melody;

import org.junit.jupiter.api.Test;
import org.magentajava.io.BadInputException;
import org.magentajava.models.melodyrnn.MelodyDatasetPipeline;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.notes.QuantizationException;
import org.magentajava.pipeline.Statistics;
import org.magentajava.proto.NoteSequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NoteSequences no MIDI file gives, found by fuzzing: each is a clear per-sequence error, fast and small. */
class HostileSequenceTest {
    static NoteSequence.Builder tune() {
        NoteSequence.Builder b = NoteSequence.newBuilder();
        b.addTempos(NoteSequence.Tempo.newBuilder().setQpm(120));
        b.addTimeSignatures(NoteSequence.TimeSignature.newBuilder().setNumerator(4).setDenominator(4));
        int[] pitches = {60, 62, 64, 65, 67, 69, 71, 72};
        for (int i = 0; i < 40; i++) {
            b.addNotes(NoteSequence.Note.newBuilder().setPitch(pitches[i % pitches.length]).setVelocity(90)
                    .setStartTime(i * 0.5).setEndTime(i * 0.5 + 0.45));
        }
        return b.setTotalTime(20);
    }

    @Test
    void negativeTimeSignatureNumeratorIsDiscardedNotAnEndlessLoop() {
        // Two signatures at time 0: the later one holds, and -2^31/256 made the bar negative.
        NoteSequence ns = tune().addTimeSignatures(NoteSequence.TimeSignature.newBuilder()
                .setNumerator(Integer.MIN_VALUE).setDenominator(256)).build();
        MelodyDatasetPipeline.Result r = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> MelodyDatasetPipeline.process(ns, MelodyRnn.BASIC_RNN));
        assertEquals(0, r.melodies().size());
        assertTrue(r.quantizerOutcomes().stream()
                .anyMatch(o -> o.isPresent() && o.get() == QuantizationException.Reason.BAD_TIME_SIGNATURE),
                r.quantizerOutcomes().toString());
    }

    @Test
    void aNoteEndingAtAnAstronomicalTimeIsAClearError() {
        for (double end : new double[] {1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY, 1e18}) {
            NoteSequence.Builder b = tune().setTotalTime(end); // else the splitter clips the note at total_time
            b.getNotesBuilder(3).setEndTime(end);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> MelodyDatasetPipeline.process(b.build(), MelodyRnn.BASIC_RNN), "end " + end);
            assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        }
    }

    @Test
    void anAbsurdTempoCannotMakeAHugeMelody() {
        // 1e9 qpm puts the 20 s tune at 1.3e9 steps: gigabytes, and seconds of filling, before the cap.
        NoteSequence.Builder b = tune();
        b.getTemposBuilder(0).setQpm(1e9);
        BadInputException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(2),
                () -> assertThrows(BadInputException.class,
                        () -> MelodyDatasetPipeline.process(b.build(), MelodyRnn.BASIC_RNN)));
        assertTrue(e.getMessage().contains("longer than " + MelodyExtractor.MAX_MELODY_STEPS), e.getMessage());
    }

    @Test
    void manyShortMelodiesAreLinearNotQuadratic() {
        // 40,000 one-note melodies two bars apart: a 0.96 MB NoteSequence. Sorting the notes again for every
        // melody, as note_seq does, took 20 s for 16,000 of them; once per instrument it is well under a second.
        NoteSequence.Builder b = NoteSequence.newBuilder();
        b.addTempos(NoteSequence.Tempo.newBuilder().setQpm(120));
        for (int i = 0; i < 40_000; i++) {
            b.addNotes(NoteSequence.Note.newBuilder().setPitch(60 + i % 12).setVelocity(90).setStartTime(i * 4.0)
                    .setEndTime(i * 4.0 + 0.4));
        }
        NoteSequence ns = b.setTotalTime(160_000).build();
        assertTrue(ns.getSerializedSize() < 1 << 20);
        MelodyDatasetPipeline.Result r = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> MelodyDatasetPipeline.process(ns, MelodyRnn.BASIC_RNN));
        assertEquals(40_000L, r.statistics().count(Statistics.MELODY_EXTRACTOR, MelodyExtractor.TOO_SHORT));
    }
}
