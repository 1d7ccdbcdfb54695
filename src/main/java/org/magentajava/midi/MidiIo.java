package org.magentajava.midi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.magentajava.io.AtomicOutput;
import org.magentajava.proto.NoteSequence;

/**
 * MIDI files to and from NoteSequences, field for field as Magenta's note_seq.midi_io does it over
 * pretty_midi and mido. Every problem with the input surfaces as a {@link MidiConversionException}.
 */
public final class MidiIo {
    /** Java arrays stop a little short of 2 GiB; a MIDI file anywhere near that is not a real score anyway. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private MidiIo() {
    }

    /** Reads a MIDI file; the exception message names the file. */
    public static NoteSequence read(Path file) {
        String source = file.toString();
        byte[] data;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new MidiConversionException(source, MidiConversionException.Reason.UNREADABLE,
                        "the file has " + size + " bytes, too many to read");
            }
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MidiConversionException(source, MidiConversionException.Reason.UNREADABLE,
                    org.magentajava.io.IoErrors.reason(e), e);
        }
        return fromBytes(data, source);
    }

    /** Converts MIDI file contents; {@code sourceName} is what error messages call the data. */
    public static NoteSequence fromBytes(byte[] data, String sourceName) {
        try {
            return MidiToSequence.convert(SmfParser.parse(data, sourceName), sourceName);
        } catch (MidiConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            // A defect of ours, not of the file; still reported per file so a batch can go on.
            throw new MidiConversionException(sourceName, MidiConversionException.Reason.UNEXPECTED,
                    e.getMessage() == null ? "an internal error of the reader" : e.getMessage(), e);
        }
    }

    /** A type-1 Standard MIDI File for the sequence, as Magenta's note_sequence_to_midi_file writes it. */
    public static byte[] toBytes(NoteSequence ns) {
        return SequenceToMidi.convert(ns);
    }

    /** Writes {@link #toBytes} to {@code file} atomically (a temporary file renamed into place). */
    public static void write(NoteSequence ns, Path file) throws IOException {
        AtomicOutput.write(file, toBytes(ns));
    }
}
