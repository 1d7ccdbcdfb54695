package org.magentajava.models.melodyrnn;

import org.junit.jupiter.api.Test;
import org.magentajava.generate.NetworkStepModel;
import org.magentajava.generate.SearchSettings;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.Melody;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.State;
import org.magentajava.models.ModelConfig;
import org.magentajava.proto.NoteSequence;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator with a real (tiny, untrained) network: primer handling end to end. */
class MelodyGeneratorTest {
    static final ModelConfig BASIC = MelodyRnn.BASIC_RNN;

    static MelodyGenerator<State> generator() {
        var enc = BASIC.encoderDecoder();
        LstmNetwork net = new LstmNetwork(enc.inputSize(), enc.numClasses(), 0,
                HParams.parse("rnn_layer_sizes=[10]", BASIC.hparams()), 3);
        return new MelodyGenerator<>(new NetworkStepModel(net), BASIC);
    }

    static MelodyGenerator.Result run(NoteSequence primer, int numSteps) {
        return generator().generate(new MelodyGenerator.Request(primer, 120, numSteps, SearchSettings.SAMPLING),
                new SplittableRandom(9));
    }

    static NoteSequence.Note note(int pitch, double start, double end, int instrument) {
        return NoteSequence.Note.newBuilder().setPitch(pitch).setVelocity(90).setStartTime(start).setEndTime(end)
                .setInstrument(instrument).build();
    }

    static NoteSequence sequence(List<NoteSequence.Note> notes) {
        return NoteSequence.newBuilder().setTicksPerQuarter(220)
                .addTempos(NoteSequence.Tempo.newBuilder().setQpm(120))
                .addAllNotes(notes).setTotalTime(notes.stream().mapToDouble(NoteSequence.Note::getEndTime).max()
                        .orElse(0)).build();
    }

    @Test
    void alignedPrimerGetsMagentasTwoSilentStepsAndTheRightLength() {
        NoteSequence primer = Melody.of(60, -2, 60, -2, 67, -2, 67, -2).toSequence(100, 0, 0, 0.0, 120);
        MelodyGenerator.Result r = run(primer, 32);
        assertEquals(10, r.primerSteps(), "[60,-2,60,-2,67,-2,67,-2,-1,-2]");
        assertEquals(10 * 0.125, r.generatedStart(), 1e-12);
        // The output keeps the primer's notes exactly; the melody is 32 steps = 4 s at 120 qpm.
        assertEquals(60, r.sequence().getNotes(0).getPitch());
        assertEquals(0.25, r.sequence().getNotes(0).getEndTime(), 1e-12);
        assertEquals(67, r.sequence().getNotes(3).getPitch());
        assertEquals(1.0, r.sequence().getNotes(3).getEndTime(), 1e-12, "the note-off at step 8 ends the primer");
        assertTrue(r.sequence().getTotalTime() <= 4.0 + 1e-9);
        assertTrue(r.logLikelihood() < 0);
    }

    @Test
    void primerOutsideTheModelRangeIsKeptAndTheContinuationFollowsItsRegister() {
        // Two octaves below basic_rnn's 48..84: Magenta would re-render the primer squashed up two octaves.
        NoteSequence primer = Melody.of(36, -2, 38, -2, 40, -2, 41, -2).toSequence(100, 0, 0, 0.0, 120);
        MelodyGenerator.Result r = run(primer, 64);
        assertEquals(24, r.transposedBy(), "squashed up two octaves to reach the model's range");
        List<Integer> primerPitches = r.sequence().getNotesList().subList(0, 4).stream()
                .map(NoteSequence.Note::getPitch).toList();
        assertEquals(List.of(36, 38, 40, 41), primerPitches, "the primer comes back as given");
        for (NoteSequence.Note n : r.sequence().getNotesList()) {
            assertTrue(n.getPitch() >= 48 - 24 && n.getPitch() < 84 - 24, "continuation moved back: " + n.getPitch());
        }
    }

    @Test
    void polyphonicPrimerUsesTheTopVoiceAndTheFirstInstrument() {
        // A C major chord then a melody on instrument 0, and a bass line on instrument 1.
        NoteSequence primer = sequence(List.of(
                note(60, 0, 0.5, 0), note(64, 0, 0.5, 0), note(67, 0, 0.5, 0), note(69, 0.5, 1.0, 0),
                note(36, 0, 1.0, 1)));
        MelodyGenerator.Result r = run(primer, 32);
        assertEquals(2, r.primerMelodies());
        assertEquals(67, r.sequence().getNotes(0).getPitch(), "highest note of the chord");
        assertEquals(69, r.sequence().getNotes(1).getPitch());
    }

    @Test
    void primerLongerThanNumStepsSaysWhatToChange() {
        NoteSequence primer = Melody.of(60, -2, 62, -2, 64, -2, 65, -2, 67, -2, 69, -2, 71, -2, 72, -2)
                .toSequence(100, 0, 0, 0.0, 120);
        BadInputException e = assertThrows(BadInputException.class, () -> run(primer, 16));
        assertTrue(e.getMessage().contains("num_steps 16 leaves nothing to generate"), e.getMessage());
        assertTrue(e.getMessage().contains("use num_steps 19 or more"), e.getMessage());
    }

    @Test
    void primerWithTempoChangesIsAClearError() {
        NoteSequence primer = sequence(List.of(note(60, 0, 0.5, 0), note(62, 1, 1.5, 0))).toBuilder()
                .addTempos(NoteSequence.Tempo.newBuilder().setTime(1.0).setQpm(90)).build();
        BadInputException e = assertThrows(BadInputException.class, () -> run(primer, 32));
        assertTrue(e.getMessage().startsWith("primer: "), e.getMessage());
    }
}
