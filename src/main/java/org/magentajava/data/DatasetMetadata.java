package org.magentajava.data;

import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What create-dataset wrote beside the TFRecords of a config whose frame rate it chooses (the piano-roll configs
 * and biaxial_rnn): the config and the settings its pipeline read, above all {@code steps_per_quarter}, which the
 * records themselves do not say. train reads it beside its sequence example file and records the rate in the
 * run, so that the model generates at the rate it learned. The file, {@value #FILE_NAME}, is plain text, one
 * {@code key=value} per line, {@code #} starting a comment:
 * <pre>
 * config=biaxial_rnn
 * steps_per_quarter=1
 * min_steps=0
 * max_steps=2048
 * transposition_range=0,0
 * </pre>
 * {@code config} and {@code steps_per_quarter} are required; other keys are kept as written. A folder without the
 * file (an older dataset, or Magenta's) has no metadata, and its models work at their config's default rate.
 *
 * @param settings every key in file order, {@code config} and {@code steps_per_quarter} included
 */
public record DatasetMetadata(Map<String, String> settings) {
    public static final String FILE_NAME = "dataset_metadata.txt";
    public static final String CONFIG = "config";
    public static final String STEPS_PER_QUARTER = "steps_per_quarter";

    /**
     * @throws BadInputException when config is missing or steps_per_quarter is not a positive integer
     */
    public DatasetMetadata {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        if (settings.getOrDefault(CONFIG, "").isBlank()) {
            throw new BadInputException("no " + CONFIG + " given");
        }
        String rate = settings.get(STEPS_PER_QUARTER);
        if (rate == null) {
            throw new BadInputException("no " + STEPS_PER_QUARTER + " given");
        }
        if (positive(rate) < 1) {
            throw new BadInputException(STEPS_PER_QUARTER + " must be a positive integer, got '" + rate + "'");
        }
    }

    /** Metadata of {@code config} at {@code stepsPerQuarter}, followed by the other settings in order. */
    public static DatasetMetadata of(String config, int stepsPerQuarter, Map<String, String> others) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(CONFIG, config);
        all.put(STEPS_PER_QUARTER, String.valueOf(stepsPerQuarter));
        others.forEach(all::putIfAbsent);
        return new DatasetMetadata(all);
    }

    public String config() {
        return settings.get(CONFIG);
    }

    /** The frame rate of the dataset's records, in steps per quarter note. */
    public int stepsPerQuarter() {
        return positive(settings.get(STEPS_PER_QUARTER));
    }

    /** The file's text, as {@link #write} writes it. */
    public String text() {
        StringBuilder b = new StringBuilder("# magenta-java dataset metadata: the settings create-dataset made this "
                + "folder's records with.\n# train records steps_per_quarter in the run, and the model generates at "
                + "that rate.\n");
        settings.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** Writes {@value #FILE_NAME} into {@code dir}, atomically. */
    public void write(Path dir) throws IOException {
        AtomicOutput.write(dir.resolve(FILE_NAME), text().getBytes(StandardCharsets.UTF_8));
    }

    /** The metadata of the dataset folder holding {@code datasetFile} (a TFRecord), if it has any. */
    public static Optional<DatasetMetadata> beside(Path datasetFile) throws IOException {
        Path dir = datasetFile.toAbsolutePath().getParent();
        return dir == null ? Optional.empty() : read(dir);
    }

    /**
     * The metadata file of folder {@code dir}, if it has one.
     *
     * @throws BadInputException naming the file and the line when it cannot be read as metadata
     */
    public static Optional<DatasetMetadata> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString()));
    }

    /** Parses the file's lines; {@code source} names it in errors. */
    public static DatasetMetadata parse(List<String> lines, String source) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(source + ": line " + (i + 1) + " is not key=value: '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            if (settings.putIfAbsent(key, line.substring(eq + 1).strip()) != null) {
                throw new BadInputException(source + ": line " + (i + 1) + " gives " + key + " a second time");
            }
        }
        try {
            return new DatasetMetadata(settings);
        } catch (BadInputException e) {
            throw new BadInputException(source + ": not usable dataset metadata: " + e.getMessage());
        }
    }

    /**
     * Refuses data of another rate than a model's: a model trained at one frame rate scores and learns nonsense
     * on frames of another. Either rate 0 (not recorded) checks nothing.
     *
     * @param model     the model's file, for the message
     * @param modelRate the rate the model recorded
     * @param data      the data it is about to read
     * @param dataRate  the rate that data's metadata gives
     * @param fix       what to do instead, ending the message ("" for nothing); it may mark fields as {@code {run_dir}}
     * @param fixFields the fields {@code fix} marks
     * @throws BadSettingException naming the field steps_per_quarter, then {@code fixFields}
     */
    public static void checkRate(String model, int modelRate, Path data, int dataRate, String fix,
                                 String... fixFields) {
        if (modelRate > 0 && dataRate > 0 && modelRate != dataRate) {
            List<String> fields = new java.util.ArrayList<>(List.of(STEPS_PER_QUARTER));
            fields.addAll(List.of(fixFields));
            throw new BadSettingException(fields, model + " was trained at " + steps(modelRate)
                    + " per quarter note, but " + data + " holds " + steps(dataRate) + " per quarter note (its "
                    + FILE_NAME + ": create-dataset's {steps_per_quarter})" + fix);
        }
    }

    /** "1 step", "4 steps". */
    public static String steps(int n) {
        return n + (n == 1 ? " step" : " steps");
    }

    private static int positive(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            return n >= 1 ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
