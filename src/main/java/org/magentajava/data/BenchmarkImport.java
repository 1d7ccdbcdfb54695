package org.magentajava.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.pianoroll.BenchmarkRolls;

/**
 * A polyphonic benchmark pickle ({@link BenchmarkRolls}) into one TFRecord of NoteSequences per split,
 * {@code DIR/<split>.tfrecord}, for create-dataset. Every output is new: an existing one is refused before anything
 * is written, and each appears whole or not at all.
 */
public final class BenchmarkImport {
    private BenchmarkImport() {
    }

    /** One split written: its file, pieces and frames. */
    public record Split(String name, Path file, int pieces, long frames) {
    }

    /**
     * Converts {@code pickle} at {@code qpm} quarter notes per minute.
     *
     * @throws BadInputException for a file that is not a benchmark pickle (one line naming it and the problem)
     * @throws BadSettingException when an output exists already
     */
    public static List<Split> convert(Path pickle, Path outDir, double qpm) throws IOException {
        if (!(qpm > 0 && qpm <= 1000)) throw new BadSettingException("qpm", "{qpm} must be in (0, 1000], got " + qpm);
        if (!Files.isRegularFile(pickle)) throw new BadInputException(pickle + ": no such file");
        Map<String, List<List<int[]>>> splits;
        try {
            splits = BenchmarkRolls.splits(Pickle.load(Files.readAllBytes(pickle), pickle.toString()));
        } catch (BadInputException e) {
            throw e.getMessage().startsWith(pickle.toString()) ? e : new BadInputException(pickle + ": " + e.getMessage());
        }
        for (String split : splits.keySet()) {
            Path target = outDir.resolve(split + ".tfrecord");
            if (Files.exists(target)) {
                throw new BadSettingException("output_dir", "{output_dir} already holds " + target
                        + "; nothing was written (outputs are never replaced)");
            }
        }
        List<Split> out = new ArrayList<>();
        for (Map.Entry<String, List<List<int[]>>> e : splits.entrySet()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            long frames = 0;
            try (TfRecordWriter w = new TfRecordWriter(bytes)) {
                List<List<int[]>> pieces = e.getValue();
                for (int p = 0; p < pieces.size(); p++) {
                    w.write(BenchmarkRolls.toNoteSequence(pieces.get(p), qpm, e.getKey() + "/" + p).toByteArray());
                    frames += pieces.get(p).size();
                }
            }
            Path target = outDir.resolve(e.getKey() + ".tfrecord");
            Files.createDirectories(outDir);
            AtomicOutput.writeNew(target, bytes.toByteArray());
            out.add(new Split(e.getKey(), target, e.getValue().size(), frames));
        }
        return out;
    }
}
