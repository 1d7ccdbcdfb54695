package org.magentajava.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;
import org.magentajava.generate.GeneratedMidi;
import org.magentajava.io.BadInputException;
import org.magentajava.melody.ExtractionParams;
import org.magentajava.melody.Melody;
import org.magentajava.melody.MelodyExtractor;
import org.magentajava.melody.NonIntegerStepsPerBarException;
import org.magentajava.pipeline.QuantizerStage;
import org.magentajava.pipeline.Statistics;
import org.magentajava.midi.MidiIo;
import org.magentajava.notes.Quantization;
import org.magentajava.notes.TimeChangeSplitter;
import org.magentajava.proto.NoteSequence;

/**
 * Melodies read from a NoteSequence TFRecord (convert-dir's output) or from MIDI files (a folder, searched
 * recursively, or one file).
 *
 * <p>From NoteSequences, melodies are extracted as create-dataset extracts them for the melody configs: split at
 * time changes, quantized at 4 steps per quarter, then MelodyExtractor with create-dataset's parameters (min 7
 * bars, truncated at 512 steps, a bar of silence ends a melody, 5 pitch classes) — but not squashed into a
 * model's range, so pitches and range are the tune's own. The train/eval split is create-dataset's own function.
 *
 * <p>A MIDI file is one melody (generate writes one per file): its first instrument, the highest of simultaneous
 * notes, from the bar of its first note to its last note, with no gap or length rule.
 *
 * @param path        what was read
 * @param melodies    the melodies, in file order
 * @param sources     NoteSequences in the split, or MIDI files read
 * @param withoutMelody sources that gave no melody
 * @param problems    one line per record or file that could not be used, naming it and why
 */
public record MelodyCorpus(Path path, List<SourcedMelody> melodies, int sources, int withoutMelody,
        List<String> problems) {

    private static final int STEPS_PER_QUARTER = 4;

    public MelodyCorpus {
        melodies = List.copyOf(melodies);
        problems = List.copyOf(problems);
    }

    /**
     * @throws BadInputException when the path does not exist, a MIDI folder has no MIDI file, or a TFRecord
     *     cannot be read past a corrupt record
     */
    public static MelodyCorpus read(Path path, CorpusOptions options) throws IOException {
        if (Files.isDirectory(path)) {
            requireAll(path, options);
            return readMidi(path, midiFiles(path), options);
        }
        if (!Files.isRegularFile(path)) {
            throw new BadInputException(path + ": no such file or folder");
        }
        if (isMidi(path)) {
            requireAll(path, options);
            return readMidi(path, List.of(path), options);
        }
        return readNoteSequences(path, options);
    }

    static void requireAll(Path path, CorpusOptions options) {
        if (options.split() != CorpusOptions.Split.ALL) {
            throw new BadInputException(path + ": a train/eval split applies to NoteSequence TFRecords only, "
                    + "not to MIDI files");
        }
    }

    static boolean isMidi(Path p) {
        String name = String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
        return name.endsWith(".mid") || name.endsWith(".midi");
    }

    static List<Path> midiFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).filter(MelodyCorpus::isMidi).sorted().toList();
            if (files.isEmpty()) {
                throw new BadInputException(dir + ": no .mid or .midi file in this folder");
            }
            return files;
        }
    }

    private static MelodyCorpus readMidi(Path path, List<Path> files, CorpusOptions options) {
        List<SourcedMelody> melodies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int without = 0;
        for (Path file : files) {
            String name = Files.isDirectory(path) ? path.relativize(file).toString() : file.toString();
            try {
                SourcedMelody m = midiMelody(file, name, options.skipPrimerSteps());
                if (m == null) {
                    without++;
                } else {
                    melodies.add(m);
                }
            } catch (BadInputException | NonIntegerStepsPerBarException e) {
                without++;
                problems.add(file + ": " + e.getMessage());
            }
        }
        return new MelodyCorpus(path, melodies, files.size(), without, problems);
    }

    /** The file's melody, or null when it has no pitched note. */
    static SourcedMelody midiMelody(Path file, String name, Integer skipPrimerSteps) {
        NoteSequence ns = MidiIo.read(file);
        NoteSequence q = Quantization.quantizeNoteSequence(ns, STEPS_PER_QUARTER);
        int instrument = Integer.MAX_VALUE;
        for (NoteSequence.Note n : q.getNotesList()) {
            if (!n.getIsDrum() && n.getVelocity() > 0) {
                instrument = Math.min(instrument, n.getInstrument());
            }
        }
        if (instrument == Integer.MAX_VALUE) {
            return null;
        }
        Melody melody = MelodyExtractor.fromQuantizedSequence(q, 0, instrument, Double.POSITIVE_INFINITY, true,
                false, true);
        if (melody.isEmpty()) {
            return null;
        }
        long skip;
        if (skipPrimerSteps != null) {
            skip = skipPrimerSteps;
        } else {
            OptionalDouble marked = GeneratedMidi.generatedStart(file, ns);
            double stepsPerSecond = Quantization.stepsPerQuarterToStepsPerSecond(STEPS_PER_QUARTER,
                    q.getTempos(0).getQpm());
            skip = marked.isPresent() ? Quantization.quantizeToStep(marked.getAsDouble(), stepsPerSecond) : 0;
        }
        int from = (int) Math.max(0, Math.min(melody.length(), skip - melody.startStep()));
        return new SourcedMelody(name, melody, from);
    }

    private static MelodyCorpus readNoteSequences(Path path, CorpusOptions options) throws IOException {
        List<SourcedMelody> melodies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        NoteSequenceRecords.Counts counts = NoteSequenceRecords.forEach(path, options, problems, (name, ns) -> {
            List<Melody> extracted = extract(ns);
            for (int i = 0; i < extracted.size(); i++) {
                melodies.add(SourcedMelody.of(i == 0 ? name : name + "#" + (i + 1), extracted.get(i)));
            }
            return !extracted.isEmpty();
        });
        return new MelodyCorpus(path, melodies, counts.sources(), counts.withoutResult(), problems);
    }

    /** create-dataset's melody branch up to the extractor, without the encoder's squash. */
    static List<Melody> extract(NoteSequence sequence) {
        Statistics stats = new Statistics();
        Set<String> reasons = new LinkedHashSet<>();
        List<Melody> out = new ArrayList<>();
        for (NoteSequence piece : TimeChangeSplitter.split(sequence)) {
            NoteSequence quantized = QuantizerStage.run(piece, STEPS_PER_QUARTER, stats, reasons).sequence();
            if (quantized == null || !pitchesInMidiRange(quantized)) {
                continue;
            }
            try {
                out.addAll(MelodyExtractor.extractMelodies(quantized, ExtractionParams.createDataset()).melodies());
            } catch (NonIntegerStepsPerBarException e) {
                // create-dataset counts and skips these pieces too
            }
        }
        return out;
    }

    private static boolean pitchesInMidiRange(NoteSequence sequence) {
        for (NoteSequence.Note note : sequence.getNotesList()) {
            if (!note.getIsDrum() && (note.getPitch() < 0 || note.getPitch() > 127)) {
                return false;
            }
        }
        return true;
    }

    /** "90 NoteSequences (eval split)" or "100 MIDI files": what was read. */
    public String sourcesRead(CorpusOptions options) {
        return sourcesRead(path, sources, options);
    }

    static String sourcesRead(Path path, int sources, CorpusOptions options) {
        boolean tfrecord = !Files.isDirectory(path) && !isMidi(path);
        return tfrecord ? sources + " NoteSequences" + (options.split() == CorpusOptions.Split.ALL ? ""
                : " (" + options.split().name().toLowerCase(Locale.ROOT) + " split)")
                : sources + " MIDI files";
    }

    /** "path: 90 NoteSequences (eval split), 89 melodies", for reports. */
    public String describe(CorpusOptions options) {
        return path + ": " + sourcesRead(options) + ", " + melodies.size() + " melodies";
    }
}
