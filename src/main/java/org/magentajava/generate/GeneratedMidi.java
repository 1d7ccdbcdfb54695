package org.magentajava.generate;

import org.magentajava.io.AtomicOutput;
import org.magentajava.midi.MidiIo;
import org.magentajava.proto.NoteSequence;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Generated MIDI files carry a marker meta event ("generated") where the continuation begins, so that tools
 * reading the file later (plot) can tell the primer from the generated part. Other MIDI readers, Magenta's
 * included, ignore markers.
 */
public final class GeneratedMidi {
    static final String MARKER = "generated";
    private static final int MARKER_TYPE = 0x06;

    private GeneratedMidi() {
    }

    /**
     * Writes {@code sequence} as MIDI with a marker at {@code generatedStart} seconds, atomically, under a new name:
     * an existing file is never replaced ({@link java.nio.file.FileAlreadyExistsException}).
     */
    public static void write(NoteSequence sequence, double generatedStart, Path file) throws IOException {
        byte[] plain = MidiIo.toBytes(sequence);
        try {
            Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(plain));
            byte[] text = MARKER.getBytes(StandardCharsets.US_ASCII);
            long tick = secondsToTick(sequence, seq.getResolution(), generatedStart);
            seq.getTracks()[0].add(new MidiEvent(new MetaMessage(MARKER_TYPE, text, text.length), tick));
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 32);
            MidiSystem.write(seq, 1, out);
            AtomicOutput.writeNew(file, out.toByteArray());
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("our own MIDI bytes did not parse", e);
        }
    }

    /** Where the generated part of a file written by {@link #write} starts, if it has the marker. */
    public static OptionalDouble generatedStart(Path file, NoteSequence sequence) {
        try {
            Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (seq.getDivisionType() != Sequence.PPQ) {
                return OptionalDouble.empty();
            }
            for (Track track : seq.getTracks()) {
                for (int i = 0; i < track.size(); i++) {
                    MidiMessage m = track.get(i).getMessage();
                    if (m instanceof MetaMessage meta && meta.getType() == MARKER_TYPE
                            && MARKER.equals(new String(meta.getData(), StandardCharsets.US_ASCII))) {
                        return OptionalDouble.of(tickToSeconds(sequence, seq.getResolution(), track.get(i).getTick()));
                    }
                }
            }
        } catch (IOException | InvalidMidiDataException | RuntimeException e) {
            // not readable this way: no marker
        }
        return OptionalDouble.empty();
    }

    /** Tempo segments (start second, start tick, qpm) of a sequence, time-ordered. */
    private static List<double[]> segments(NoteSequence ns, int ppq) {
        List<NoteSequence.Tempo> tempos = new ArrayList<>(ns.getTemposList());
        tempos.sort(java.util.Comparator.comparingDouble(NoteSequence.Tempo::getTime));
        List<double[]> out = new ArrayList<>();
        double time = 0;
        double tick = 0;
        double qpm = 120;
        for (NoteSequence.Tempo t : tempos) {
            tick += (t.getTime() - time) * qpm / 60.0 * ppq;
            time = t.getTime();
            qpm = t.getQpm();
            out.add(new double[]{time, tick, qpm});
        }
        if (out.isEmpty()) {
            out.add(new double[]{0, 0, 120});
        }
        return out;
    }

    static long secondsToTick(NoteSequence ns, int ppq, double seconds) {
        List<double[]> segments = segments(ns, ppq);
        double[] seg = segments.get(0);
        for (double[] s : segments) {
            if (s[0] <= seconds) {
                seg = s;
            }
        }
        return Math.round(seg[1] + (seconds - seg[0]) * seg[2] / 60.0 * ppq);
    }

    static double tickToSeconds(NoteSequence ns, int ppq, long tick) {
        List<double[]> segments = segments(ns, ppq);
        double[] seg = segments.get(0);
        for (double[] s : segments) {
            if (s[1] <= tick) {
                seg = s;
            }
        }
        return seg[0] + (tick - seg[1]) * 60.0 / (seg[2] * ppq);
    }
}
