package org.magentajava.generate;

import java.nio.file.Path;
import org.magentajava.io.BadSettingException;
import org.magentajava.melody.Melody;
import org.magentajava.midi.MidiIo;
import org.magentajava.notes.Sections;
import org.magentajava.proto.NoteSequence;

/**
 * What generation continues: a NoteSequence and the tempo to generate at.
 *
 * @param sequence the primer's notes (may be none)
 * @param qpm      the tempo of the primer and of what is generated after it
 * @param name     how messages name the primer: the file, the events as given, or the family's default
 */
public record Primer(NoteSequence sequence, double qpm, String name) {

    /** melody_rnn_generate's tempo when neither the user nor a primer file gives one. */
    public static final double DEFAULT_QPM = 120.0;

    /**
     * {@code sequence} at {@code qpm}: given that tempo when it has none, refused when its first tempo differs.
     *
     * @throws BadSettingException naming {qpm} and the primer's tempo
     */
    public static NoteSequence atTempo(NoteSequence sequence, double qpm) {
        if (sequence.getTemposCount() == 0) {
            return sequence.toBuilder().addTempos(NoteSequence.Tempo.newBuilder().setQpm(qpm)).build();
        }
        if (sequence.getTempos(0).getQpm() != qpm) {
            throw new BadSettingException("qpm", "the primer's tempo " + sequence.getTempos(0).getQpm()
                    + " qpm differs from {qpm} " + qpm);
        }
        return sequence;
    }

    /**
     * A chord struck at time 0 and held for one quarter note at velocity 100, as polyphony_rnn_generate and
     * pianoroll_rnn_nade_generate build their {@code --primer_pitches}; named by its pitches ("[67, 64, 60]").
     */
    public static Primer chord(int[] pitches, double qpm) {
        NoteSequence.Builder ns = NoteSequence.newBuilder().setTicksPerQuarter(Melody.STANDARD_PPQ);
        ns.addTemposBuilder().setQpm(qpm);
        for (int pitch : pitches) {
            ns.addNotesBuilder().setStartTime(0).setEndTime(60.0 / qpm).setPitch(pitch).setVelocity(100);
        }
        ns.setTotalTime(pitches.length == 0 ? 0 : 60.0 / qpm);
        return new Primer(ns.build(), qpm, java.util.Arrays.toString(pitches));
    }

    /** No notes, only the tempo: generation from scratch, {@code name} saying so in the run's first line. */
    public static Primer silence(double qpm, String name) {
        NoteSequence.Builder ns = NoteSequence.newBuilder().setTicksPerQuarter(Melody.STANDARD_PPQ);
        ns.addTemposBuilder().setQpm(qpm);
        return new Primer(ns.build(), qpm, name);
    }

    /**
     * A melody written as events, one per 16th note ({@code "[60, -2, 62, -1]"}: 0..127 note on, −1 note off,
     * −2 no event), in 4/4 at {@code qpm} and velocity 100, as melody_rnn_generate builds its
     * {@code --primer_melody}.
     *
     * @throws BadSettingException naming the field "primer melody", the offending token and the expected form
     */
    public static Primer fromMelodyString(String events, double qpm) {
        NoteSequence sequence = new Melody(PrimerMelody.parse(events), 0, 4, 16).toSequence(100, 0, 0, 0.0, qpm);
        return new Primer(sequence, qpm, events);
    }

    /**
     * A MIDI file, or its first {@code bars} bars ({@code 0} = all of it). The file's own tempo, when it has one,
     * overrides {@code qpm}, as melody_rnn_generate's {@code --primer_midi} does.
     *
     * @throws BadSettingException naming the field "primer bars" when {@code bars} is negative
     * @throws org.magentajava.io.BadInputException naming the file when it is not readable MIDI
     */
    public static Primer fromMidi(Path file, int bars, double qpm) {
        if (bars < 0) {
            throw new BadSettingException("primer bars",
                    "{primer bars} must be at least 0 (0 = the whole primer), got " + bars);
        }
        NoteSequence sequence = MidiIo.read(file);
        if (bars > 0) {
            sequence = Sections.firstBars(sequence, bars);
        }
        double tempo = qpm;
        if (sequence.getTemposCount() > 0 && sequence.getTempos(0).getQpm() > 0) {
            tempo = sequence.getTempos(0).getQpm();
        }
        return new Primer(sequence, tempo, file.toString());
    }
}
