package org.magentajava.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.magentajava.data.BenchmarkImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "convert-pianoroll", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Convert a polyphonic benchmark file of Boulanger-Lewandowski et al. (2012) - JSB Chorales, "
                + "Nottingham, MuseData or Piano-midi.de as a Python pickle: a dict of splits, each a list of "
                + "pieces, each a list of frames of MIDI pitches - into one TFRecord of NoteSequences per split, "
                + "named after the split (train, valid, test). Each frame is one quarter note and a key held over "
                + "frames one note, so create-dataset --steps_per_quarter 1 --min_steps 0 --transposition_range 0,0 "
                + "gives back the file's frames (up to a piece's last note, as Magenta's pipeline ends a piece). The "
                + "pickle is read as data, never run.")
final class ConvertPianorollCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE.pickle",
            description = "The benchmark file (e.g. JSB Chorales.pickle).")
    Path input;

    @Option(names = {"--output_dir", "--output-dir"}, required = true, paramLabel = "DIR",
            description = "Folder for SPLIT.tfrecord, one per split of the file; existing ones are never replaced.")
    Path outputDir;

    @Option(names = "--qpm", defaultValue = "120", paramLabel = "QPM",
            description = "Tempo of the quarter-note frames in the NoteSequences.")
    double qpm;

    @Override
    public Integer call() throws Exception {
        List<BenchmarkImport.Split> splits = BenchmarkImport.convert(input, outputDir, qpm);
        for (BenchmarkImport.Split s : splits) {
            System.err.printf(Locale.ROOT, "wrote %s (%d pieces, %d frames)%n", s.file(), s.pieces(), s.frames());
        }
        return ExitCodes.OK;
    }
}
