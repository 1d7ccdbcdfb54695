package org.magentajava.models.polyphonyrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magentajava.poly.PolyphonicEvent.END;
import static org.magentajava.poly.PolyphonicEvent.START;
import static org.magentajava.poly.PolyphonicEvent.STEP_END;
import static org.magentajava.poly.PolyphonicEvent.continuedNote;
import static org.magentajava.poly.PolyphonicEvent.newNote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.Melody;
import org.magentajava.poly.PolyphonicEvent;
import org.magentajava.proto.NoteSequence;

/** polyphony_rnn generation: primer, injection of the primer under generated harmony, conditioning. */
class PolyphonyGeneratorTest {

    /**
     * A scripted harmoniser: after START, STEP_END or any note at or above middle C it (almost surely) plays a
     * new bass note 48; after that bass note it ends the step. Every other class has logit −20. It records the
     * events it is fed.
     */
    static final class BassModel implements StepModel<int[]> {
        final List<Integer> fed = new ArrayList<>();

        @Override
        public int[] initialState(int batchSize) {
            return new int[batchSize];
        }

        @Override
        public Output<int[]> step(int[] state, float[][] inputs) {
            float[][] logits = new float[inputs.length][];
            for (int r = 0; r < inputs.length; r++) {
                float[] in = inputs[r];
                int event = IntStream.range(0, in.length).filter(k -> in[k] == 1f).findFirst().orElseThrow();
                fed.add(event);
                int type = PolyphonicEvent.type(event);
                boolean high = type >= PolyphonicEvent.TYPE_NEW_NOTE && PolyphonicEvent.pitch(event) >= 60;
                int next = event == START || event == STEP_END || high ? newNote(48) : STEP_END;
                logits[r] = new float[PolyphonicEvent.NUM_CLASSES];
                Arrays.fill(logits[r], -20f);
                logits[r][next] = 0f;
            }
            return new Output<>(state, logits);
        }

        @Override
        public int[] selectRows(int[] state, int[] rows) {
            return new int[rows.length];
        }
    }

    static PolyphonyGenerator.Result run(BassModel model, NoteSequence primer, int numSteps, boolean condition,
            boolean inject) {
        return new PolyphonyGenerator<>(model, PolyphonyRnn.POLYPHONY).generate(
                new PolyphonyGenerator.Request(primer, 120, numSteps, SearchSettings.SAMPLING, condition, inject),
                new SplittableRandom(3));
    }

    static final NoteSequence CHORD = PolyphonyGenerator.chordPrimer(new int[] {67, 64, 60}, 120);

    /** "pitch@startStep-endStep", in output order; 0.125 s per step at 120 qpm. */
    static List<String> notes(NoteSequence ns) {
        return ns.getNotesList().stream().map(n -> n.getPitch() + "@" + Math.round(n.getStartTime() / 0.125) + "-"
                + Math.round(n.getEndTime() / 0.125)).toList();
    }

    static List<String> bass(int from, int to) {
        return IntStream.range(from, to).mapToObj(s -> "48@" + s + "-" + (s + 1)).toList();
    }

    @Test
    void chordPrimerIsAQuarterNoteAtVelocity100() {
        assertEquals(List.of("67@0-4", "64@0-4", "60@0-4"), notes(CHORD));
        assertEquals(100, CHORD.getNotes(0).getVelocity());
        assertEquals(0.5, CHORD.getTotalTime(), 0);
    }

    @Test
    void injectedPrimerIsPlayedAgainUnderGeneratedHarmony() {
        BassModel model = new BassModel();
        PolyphonyGenerator.Result r = run(model, CHORD, 16, false, true);
        // The chord ends at step 4; cutoff 0 starts the section at step 5. From a bare START, the primer's
        // events (chord, held 4 steps, then its silent step) are forced at the start of each step.
        List<Integer> expected = new ArrayList<>(List.of(START, newNote(67), newNote(64), newNote(60), newNote(48),
                STEP_END));
        for (int i = 0; i < 3; i++) {
            expected.addAll(List.of(continuedNote(67), continuedNote(64), continuedNote(60), newNote(48), STEP_END));
        }
        for (int i = 4; i < 11; i++) {
            expected.addAll(List.of(newNote(48), STEP_END));
        }
        expected.add(END);
        assertEquals(expected, Arrays.stream(r.events().events()).boxed().toList(), r.events().toString());
        assertEquals(5, r.events().startStep());

        List<String> want = new ArrayList<>(List.of("67@0-4", "64@0-4", "60@0-4"));
        // to_sequence closes notes at each STEP_END in order of attack: the chord goes with step 8's bass note.
        for (int s = 5; s < 16; s++) {
            if (s == 8) {
                want.addAll(List.of("67@5-9", "64@5-9", "60@5-9"));
            }
            want.add("48@" + s + "-" + (s + 1));
        }
        assertEquals(want, notes(r.sequence()));
        assertEquals(2.0, r.sequence().getTotalTime(), 1e-12, "16 steps at 120 qpm");
        assertEquals(5 * 0.125, r.generatedStart(), 1e-12);
        // Forced events are scored: the model gives each forced chord note (not its choice) about e^-20.
        assertTrue(r.logLikelihood() < -20 * 12, "log-likelihood " + r.logLikelihood());
        assertEquals(START, (int) model.fed.get(0), "generation starts from a bare START");
    }

    @Test
    void primerMelodyIsInjectedStepByStep() {
        NoteSequence primer = Melody.of(60, -2, 62, -2, 64, -2, -2, -2).toSequence(100, 0, 0, 0.0, 120);
        PolyphonyGenerator.Result r = run(new BassModel(), primer, 24, false, true);
        // The melody lasts 8 steps (1 s); generation starts at step 9 and replays it with a bass note per step.
        List<String> out = notes(r.sequence());
        assertEquals(List.of("60@0-2", "62@2-4", "64@4-8"), out.subList(0, 3), "the primer as given");
        assertTrue(out.containsAll(List.of("60@9-11", "62@11-13", "64@13-17")), out.toString());
        assertTrue(out.containsAll(bass(9, 24)), out.toString());
        assertEquals(3 + 3 + 15, out.size());
    }

    @Test
    void withoutInjectionTheOutputIsPrimerPlusFreeGeneration() {
        BassModel model = new BassModel();
        PolyphonyGenerator.Result r = run(model, CHORD, 16, false, false);
        List<String> want = new ArrayList<>(List.of("67@0-4", "64@0-4", "60@0-4"));
        want.addAll(bass(5, 16));
        assertEquals(want, notes(r.sequence()));
        assertTrue(r.logLikelihood() > -1e-3, "every event was the model's choice: " + r.logLikelihood());
    }

    @Test
    void conditioningFeedsThePrimerFirst() {
        BassModel model = new BassModel();
        PolyphonyGenerator.Result r = run(model, CHORD, 16, true, false);
        List<Integer> primerEvents = List.of(START, newNote(67), newNote(64), newNote(60), STEP_END,
                continuedNote(67), continuedNote(64), continuedNote(60), STEP_END);
        assertEquals(primerEvents, model.fed.subList(0, primerEvents.size()));
        assertEquals(0, r.events().startStep());
        List<String> want = new ArrayList<>(List.of("67@0-4", "64@0-4", "60@0-4"));
        want.addAll(bass(5, 16));
        assertEquals(want, notes(r.sequence()), "primer re-rendered from the events, then the continuation");
    }

    @Test
    void conditioningWithInjectionReplaysThePrimerAfterItself() {
        PolyphonyGenerator.Result r = run(new BassModel(), CHORD, 16, true, true);
        List<String> out = notes(r.sequence());
        assertTrue(out.containsAll(List.of("67@0-4", "64@0-4", "60@0-4", "67@5-9", "64@5-9", "60@5-9")),
                out.toString());
        assertTrue(out.containsAll(bass(5, 16)), out.toString());
        assertEquals(3 + 3 + 11, out.size());
    }

    @Test
    void emptyPrimerStartsAtStepOne() {
        PolyphonyGenerator.Result r = run(new BassModel(), PolyphonyGenerator.emptyPrimer(120), 8, false, true);
        assertEquals(bass(1, 8), notes(r.sequence()));
    }

    @Test
    void tooFewStepsSaysWhatToUse() {
        BadInputException e = assertThrows(BadInputException.class, () -> run(new BassModel(), CHORD, 5, false, true));
        assertTrue(e.getMessage().contains("use num_steps 6 or more"), e.getMessage());
    }

    @Test
    void primerOnTwoProgramsIsDroppedAsInMagenta() {
        NoteSequence.Builder b = CHORD.toBuilder();
        b.getNotesBuilder(0).setProgram(5);
        PolyphonyGenerator.Result r = run(new BassModel(), b.build(), 16, false, true);
        assertTrue(r.primerDropped());
        assertEquals(3 + 11, r.sequence().getNotesCount(), "nothing injected: primer plus free bass");
    }

    @Test
    void beamSearchKeepsInjectingAndFillsExactlyTheRequestedSteps() {
        PolyphonyGenerator.Result r = new PolyphonyGenerator<>(new BassModel(), PolyphonyRnn.POLYPHONY).generate(
                new PolyphonyGenerator.Request(CHORD, 120, 24, new SearchSettings(1.0, 2, 2, 3), false, true),
                new SplittableRandom(1));
        assertEquals(19, r.events().numSteps());
        List<String> out = notes(r.sequence());
        assertTrue(out.containsAll(List.of("67@5-9", "64@5-9", "60@5-9")), out.toString());
        assertTrue(out.containsAll(bass(5, 24)), out.toString());
        assertEquals(3 + 3 + 19, out.size());
        assertEquals(3.0, r.sequence().getTotalTime(), 1e-12);
    }
}
