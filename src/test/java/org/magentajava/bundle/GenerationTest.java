package org.magentajava.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.io.BadSettingException;
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.NoteSequence;

/** The library's generation facade: primers, per-output seeds, and errors that name the field at fault. */
class GenerationTest {
    private static final SearchSettings BEAM = new SearchSettings(1.0, 2, 2, 2);
    private static TrainedModel basic;

    @BeforeAll
    static void load() throws IOException {
        basic = TrainedModel.load(null, Path.of("bundles/basic_rnn.mag"), null);
    }

    @Test
    void melodyStringPrimerIsSixteenthNoteStepsAtTheGivenTempo() {
        Primer primer = Primer.fromMelodyString("[60, -2, 62, -1]", 90);
        assertEquals(90, primer.qpm());
        assertEquals("[60, -2, 62, -1]", primer.name());
        NoteSequence ns = primer.sequence();
        assertEquals(90, ns.getTempos(0).getQpm());
        assertEquals(2, ns.getNotesCount());
        double step = 60.0 / 90 / 4;
        assertNote(ns.getNotes(0), 60, 0, 2 * step);
        assertNote(ns.getNotes(1), 62, 2 * step, 3 * step);
        assertEquals(100, ns.getNotes(0).getVelocity());
    }

    @Test
    void midiPrimerKeepsItsFirstBarsAndItsOwnTempo(@TempDir Path dir) throws IOException {
        // A waltz at 90 qpm: a bar of 3/4 lasts 2 s; one note per bar, the third one crossing nothing.
        NoteSequence.Builder waltz = NoteSequence.newBuilder().setTicksPerQuarter(220);
        waltz.addTemposBuilder().setQpm(90);
        waltz.addTimeSignaturesBuilder().setNumerator(3).setDenominator(4);
        for (int bar = 0; bar < 3; bar++) {
            waltz.addNotesBuilder().setPitch(60 + bar).setVelocity(80).setStartTime(2 * bar).setEndTime(2 * bar + 1);
        }
        waltz.setTotalTime(5);
        Path file = dir.resolve("waltz.mid");
        MidiIo.write(waltz.build(), file);

        Primer two = Primer.fromMidi(file, 2, 120);
        assertEquals(90, two.qpm(), 1e-3, "the file's tempo (666,666 µs a quarter) overrides the requested one");
        assertEquals(file.toString(), two.name());
        assertEquals(List.of(60, 61), two.sequence().getNotesList().stream().map(NoteSequence.Note::getPitch).toList());
        assertEquals(3, Primer.fromMidi(file, 0, 120).sequence().getNotesCount());

        BadSettingException e = assertThrows(BadSettingException.class, () -> Primer.fromMidi(file, -1, 120));
        assertEquals(List.of("primer bars"), e.fields());
        assertEquals("--primer_bars must be at least 0 (0 = the whole primer), got -1",
                e.messageNaming(f -> "--" + f.replace(' ', '_')));
    }

    @Test
    void outputIDependsOnlyOnTheBaseSeedAndI() {
        Primer primer = Primer.fromMelodyString("[60, -2, 62, -2, 64]", Primer.DEFAULT_QPM);
        Generation g = Generation.of(basic, primer, 40, BEAM, SequenceGenerator.Options.NONE);
        NoteSequence second = g.output(7, 1).sequence();
        NoteSequence first = g.output(7, 0).sequence();
        // Asked in another order, from another Generation: the same music for the same (seed, i).
        Generation again = Generation.of(basic, primer, 40, BEAM, SequenceGenerator.Options.NONE);
        assertEquals(first, again.output(7, 0).sequence());
        assertEquals(second, again.output(7, 1).sequence());
        assertNotEquals(first, second);
        assertNotEquals(first, g.output(8, 0).sequence());
        assertEquals(Generation.outputRandom(7, 1).nextLong(), Generation.outputRandom(7, 1).nextLong());
        assertEquals("melody", g.outputNoun(false));
        assertEquals("melodies", g.outputNoun(true));
    }

    @Test
    void errorsNameTheFieldAndTheCliSpellingReplacesIt() {
        Primer primer = Primer.fromMelodyString("[60, -2, 62, -2, 64, -2, 65, -2]", Primer.DEFAULT_QPM);
        BadSettingException steps = assertThrows(BadSettingException.class,
                () -> Generation.of(basic, primer, 8, BEAM, SequenceGenerator.Options.NONE));
        assertEquals(List.of("num_steps"), steps.fields());
        assertEquals("the primer is 8 steps long, so generation would start at step 10; num_steps 8 leaves nothing "
                + "to generate; use num_steps 11 or more", steps.getMessage());
        assertEquals("the primer is 8 steps long, so generation would start at step 10; --num_steps 8 leaves "
                + "nothing to generate; use --num_steps 11 or more", steps.messageNaming(f -> "--" + f));

        BadSettingException melody = assertThrows(BadSettingException.class,
                () -> Primer.fromMelodyString("[60, x]", 120));
        assertEquals("primer melody: \"x\" at character 6 is not an integer; expected comma-separated integers "
                + "-2..127 such as \"[60, -2, 60, -2, 67, -2, 67, -2]\"", melody.getMessage());

        BadSettingException hparams = assertThrows(BadSettingException.class,
                () -> basic.checkHParams("rnn_layer_sizes=[7]"));
        assertEquals(List.of("hparams"), hparams.fields());
        basic.checkHParams("rnn_layer_sizes=" + basic.network().hparams().rnnLayerSizes().toString()
                .replace(" ", ""));

        BadSettingException chord = assertThrows(BadSettingException.class,
                () -> Generation.chordPrimer(basic, "[60, 64]", 120));
        assertEquals("primer_pitches needs a polyphony_rnn or pianoroll_rnn or biaxial_rnn model; bundles/basic_rnn.mag is basic_rnn (melody_rnn)",
                chord.getMessage());
        BadSettingException beam = assertThrows(BadSettingException.class, () -> new SearchSettings(1, 0, 1, 1));
        assertEquals("--beam_size must be at least 1, got 0", beam.messageNaming(f -> "--" + f));
    }

    @Test
    void loadingErrorsNameTheirFields() {
        BadSettingException none = assertThrows(BadSettingException.class, () -> TrainedModel.load(null, null, null));
        assertEquals(List.of("run_dir", "checkpoint_file", "bundle_file"), none.fields());
        assertEquals("give exactly one of run_dir, checkpoint_file and bundle_file", none.getMessage());
        BadSettingException config = assertThrows(BadSettingException.class,
                () -> TrainedModel.load(null, Path.of("bundles/basic_rnn.mag"), "attention_rnn"));
        assertEquals("bundles/basic_rnn.mag holds a basic_rnn model, but --config is attention_rnn; drop --config "
                + "or pass --config basic_rnn", config.messageNaming(f -> "--" + f));
    }

    private static void assertNote(NoteSequence.Note note, int pitch, double start, double end) {
        assertEquals(pitch, note.getPitch());
        assertEquals(start, note.getStartTime(), 1e-9);
        assertEquals(end, note.getEndTime(), 1e-9);
    }
}
