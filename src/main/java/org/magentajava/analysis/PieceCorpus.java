package org.magentajava.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import org.magentajava.generate.GeneratedMidi;
import org.magentajava.io.BadInputException;
import org.magentajava.midi.MidiIo;
import org.magentajava.notes.Quantization;
import org.magentajava.notes.TimeChangeSplitter;
import org.magentajava.pipeline.QuantizerStage;
import org.magentajava.pipeline.Statistics;
import org.magentajava.proto.NoteSequence;

/**
 * Whole pieces, every voice, read from the same paths as {@link MelodyCorpus} for the polyphonic statistics,
 * quantized at {@code stepsPerQuarter}:
 * <ul>
 * <li>a MIDI file is one piece: every pitched note of every instrument (drums left out), analyzed from where
 * generate's continuation starts (its marker) or from {@code --skip_primer_steps} (16th notes, converted at
 * the file's tempo);</li>
 * <li>a NoteSequence TFRecord gives one piece per NoteSequence of the split, or one per part where the tempo or
 * meter changes (split and quantized as create-dataset does; a part that cannot be quantized is left out).</li>
 * </ul>
 *
 * @param path            what was read
 * @param stepsPerQuarter the grid
 * @param pieces          the pieces, in file order
 * @param sources         NoteSequences in the split, or MIDI files read
 * @param withoutPiece    sources that gave no piece (no pitched note)
 * @param problems        one line per record or file that could not be used, naming it and why
 */
public record PieceCorpus(Path path, int stepsPerQuarter, List<PolyphonicPiece> pieces, int sources,
        int withoutPiece, List<String> problems) {

    /** The grid on which {@link PolyphonicPiece#simultaneousNotes} is decided: 16th notes. */
    private static final int SIXTEENTHS = 4;

    public PieceCorpus {
        pieces = List.copyOf(pieces);
        problems = List.copyOf(problems);
    }

    /**
     * @throws BadInputException when the path does not exist, a MIDI folder has no MIDI file, or a TFRecord
     *     cannot be read past a corrupt record
     */
    public static PieceCorpus read(Path path, CorpusOptions options, int stepsPerQuarter) throws IOException {
        if (stepsPerQuarter < 1) {
            throw new IllegalArgumentException("steps per quarter must be at least 1, got " + stepsPerQuarter);
        }
        List<PolyphonicPiece> pieces = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(path) || (Files.isRegularFile(path) && MelodyCorpus.isMidi(path))) {
            MelodyCorpus.requireAll(path, options);
            List<Path> files = Files.isDirectory(path) ? MelodyCorpus.midiFiles(path) : List.of(path);
            int without = 0;
            for (Path file : files) {
                String name = Files.isDirectory(path) ? path.relativize(file).toString() : file.toString();
                try {
                    PolyphonicPiece p = midiPiece(file, name, stepsPerQuarter, options.skipPrimerSteps());
                    if (p == null) {
                        without++;
                    } else {
                        pieces.add(p);
                    }
                } catch (BadInputException e) {
                    without++;
                    problems.add(file + ": " + e.getMessage());
                }
            }
            return new PieceCorpus(path, stepsPerQuarter, pieces, files.size(), without, problems);
        }
        if (!Files.isRegularFile(path)) {
            throw new BadInputException(path + ": no such file or folder");
        }
        NoteSequenceRecords.Counts counts = NoteSequenceRecords.forEach(path, options, problems, (name, ns) -> {
            int before = pieces.size();
            for (NoteSequence part : TimeChangeSplitter.split(ns)) {
                PolyphonicPiece p = quantizedPiece(part, name + (pieces.size() == before ? "" : "#"
                        + (pieces.size() - before + 1)), stepsPerQuarter);
                if (p != null) {
                    pieces.add(p);
                }
            }
            return pieces.size() > before;
        });
        return new PieceCorpus(path, stepsPerQuarter, pieces, counts.sources(), counts.withoutResult(), problems);
    }

    /** The file's piece, or null when it has no pitched note. */
    static PolyphonicPiece midiPiece(Path file, String name, int stepsPerQuarter, Integer skipPrimerSteps) {
        NoteSequence ns = MidiIo.read(file);
        NoteSequence quantized = Quantization.quantizeNoteSequence(ns, stepsPerQuarter);
        double qpm = quantized.getTempos(0).getQpm();
        double fromSeconds;
        if (skipPrimerSteps != null) {
            fromSeconds = skipPrimerSteps / Quantization.stepsPerQuarterToStepsPerSecond(SIXTEENTHS, qpm);
        } else {
            OptionalDouble marked = GeneratedMidi.generatedStart(file, ns);
            fromSeconds = marked.orElse(0);
        }
        return piece(name, quantized, Quantization.quantizeNoteSequence(ns, SIXTEENTHS), fromSeconds);
    }

    /**
     * create-dataset's quantizer on one part of a NoteSequence, analyzed whole; null when it discards the part or
     * the part has no note.
     */
    private static PolyphonicPiece quantizedPiece(NoteSequence part, String name, int stepsPerQuarter) {
        Statistics unused = new Statistics();
        NoteSequence q = QuantizerStage.run(part, stepsPerQuarter, unused, new LinkedHashSet<>()).sequence();
        NoteSequence q16 = QuantizerStage.run(part, SIXTEENTHS, unused, new LinkedHashSet<>()).sequence();
        return q == null || q16 == null ? null : piece(name, q, q16, 0);
    }

    private static PolyphonicPiece piece(String name, NoteSequence quantized, NoteSequence sixteenths,
            double fromSeconds) {
        List<MelodyNote> notes = notes(quantized);
        if (notes.isEmpty()) {
            return null;
        }
        int length = length(quantized, notes);
        List<MelodyNote> fine = notes(sixteenths);
        int fineLength = length(sixteenths, fine);
        int from = fromStep(quantized, fromSeconds, length);
        int fineFrom = fromStep(sixteenths, fromSeconds, fineLength);
        boolean simultaneous = false;
        int[][] sounding = new PolyphonicPiece(name, fine, fineLength, fineFrom, false).soundingPitches();
        for (int t = fineFrom; t < fineLength && !simultaneous; t++) {
            simultaneous = sounding[t].length >= 2;
        }
        return new PolyphonicPiece(name, notes, length, from, simultaneous);
    }

    private static List<MelodyNote> notes(NoteSequence quantized) {
        List<MelodyNote> notes = new ArrayList<>();
        for (NoteSequence.Note n : quantized.getNotesList()) {
            if (!n.getIsDrum() && n.getPitch() >= 0 && n.getPitch() <= 127) {
                int start = (int) n.getQuantizedStartStep();
                notes.add(new MelodyNote(n.getPitch(), start, (int) n.getQuantizedEndStep() - start));
            }
        }
        return notes;
    }

    private static int length(NoteSequence quantized, List<MelodyNote> notes) {
        long length = quantized.getTotalQuantizedSteps();
        for (MelodyNote n : notes) {
            length = Math.max(length, n.end());
        }
        return Math.toIntExact(length);
    }

    private static int fromStep(NoteSequence quantized, double fromSeconds, int length) {
        double stepsPerSecond = Quantization.stepsPerQuarterToStepsPerSecond(
                quantized.getQuantizationInfo().getStepsPerQuarter(), quantized.getTempos(0).getQpm());
        return (int) Math.max(0, Math.min(length, Quantization.quantizeToStep(fromSeconds, stepsPerSecond)));
    }

    /** Whether any piece has two notes sounding at once in its analyzed part (on a 16th-note grid). */
    public boolean hasSimultaneousNotes() {
        return pieces.stream().anyMatch(PolyphonicPiece::simultaneousNotes);
    }

    /** "path: 90 NoteSequences (eval split), 92 pieces", for reports. */
    public String describe(CorpusOptions options) {
        return path + ": " + MelodyCorpus.sourcesRead(path, sources, options) + ", " + pieces.size()
                + (pieces.size() == 1 ? " piece" : " pieces");
    }
}
