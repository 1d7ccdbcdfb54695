package org.magentajava.registry;

import org.magentajava.data.SequenceExamples;
import org.magentajava.data.TfRecordReader;


import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.proto.NoteSequence;
import org.magentajava.proto.tf.SequenceExample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a TFRecord file holds, judged once from its first record: NoteSequences (what convert-dir writes and
 * create-dataset reads) or training SequenceExamples (what create-dataset writes and train/evaluate read, with
 * their input size, which tells the config). A job given the wrong kind says so in one line, with the command that
 * makes the right one, instead of rejecting every record in turn.
 *
 * @param inputSize for {@link Kind#SEQUENCE_EXAMPLES}: inputs per step (0 otherwise)
 */
public record RecordKind(Kind kind, int inputSize) {

    public enum Kind {
        NOTE_SEQUENCES,
        SEQUENCE_EXAMPLES,
        /** Empty, unreadable first record, or neither kind: left to the job's own per-record checks. */
        UNKNOWN
    }

    private static final List<String> CONFIG_NAMES =
            List.of("basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn", "polyphony", "pianoroll_rnn");

    /** Reads the first record of {@code file}. */
    public static RecordKind peek(Path file) throws IOException {
        byte[] first;
        try (TfRecordReader reader = TfRecordReader.open(file)) {
            first = reader.next();
        } catch (BadInputException e) {
            if (e instanceof TfRecordReader.CorruptRecordException) {
                return new RecordKind(Kind.UNKNOWN, 0); // a broken first record: the job reports it with its offset
            }
            throw e;
        }
        return first == null ? new RecordKind(Kind.UNKNOWN, 0) : of(first);
    }

    /** The kind of one record's bytes. */
    public static RecordKind of(byte[] record) {
        try {
            SequenceExample ex = SequenceExample.parseFrom(record);
            if (SequenceExamples.looksLikeTrainingRecord(ex)) {
                var inputs = ex.getFeatureLists().getFeatureListOrThrow(SequenceExamples.INPUTS);
                int size = inputs.getFeatureCount() == 0 ? 0 : inputs.getFeature(0).getFloatList().getValueCount();
                return new RecordKind(Kind.SEQUENCE_EXAMPLES, size);
            }
        } catch (InvalidProtocolBufferException e) {
            // not a SequenceExample; try NoteSequence
        }
        try {
            NoteSequence.parseFrom(record);
            return new RecordKind(Kind.NOTE_SEQUENCES, 0);
        } catch (InvalidProtocolBufferException e) {
            return new RecordKind(Kind.UNKNOWN, 0);
        }
    }

    /** The configs whose datasets have {@code inputSize} inputs per step, e.g. "basic_rnn". */
    static List<String> configsWithInputSize(int inputSize) {
        return CONFIG_NAMES.stream()
                .filter(n -> ModelRegistry.config(n).inputSize() == inputSize).toList();
    }

    /** In words: "NoteSequences (as convert-dir writes them)", "a basic_rnn dataset (SequenceExamples, 38 inputs)". */
    public String describe() {
        return switch (kind) {
            case NOTE_SEQUENCES -> "NoteSequences (as convert-dir writes them)";
            case SEQUENCE_EXAMPLES -> {
                List<String> configs = configsWithInputSize(inputSize);
                String which = configs.isEmpty() ? "a dataset" : org.magentajava.util.Words.a(String.join("/", configs)) + " dataset";
                yield String.format(Locale.ROOT, "%s (SequenceExamples from create-dataset, %d inputs per step)",
                        which, inputSize);
            }
            case UNKNOWN -> "records of an unknown kind";
        };
    }

    /**
     * For jobs that read NoteSequences (create-dataset, plot): a file of SequenceExamples is a one-line error.
     *
     * @param job the job, for the message: "create-dataset"
     */
    public static void requireNoteSequences(Path file, String job) throws IOException {
        RecordKind kind = peek(file);
        if (kind.kind == Kind.SEQUENCE_EXAMPLES) {
            throw new WrongKindException(file + " holds " + kind.describe() + ", but " + job
                    + " reads NoteSequences; make them from MIDI files with: ",
                    new Remedy("convert-dir", List.of(new Remedy.Setting("input_dir", "MIDI_DIR"),
                            new Remedy.Setting("output_file", "notesequences.tfrecord"))));
        }
    }

    /**
     * For jobs that read a config's training SequenceExamples (train, evaluate): NoteSequences, or another config's
     * dataset, is a one-line error that names the job making the right file.
     */
    public static void requireSequenceExamples(Path file, ModelConfig config) throws IOException {
        RecordKind kind = peek(file);
        Remedy make = new Remedy("create-dataset", List.of(new Remedy.Setting("config", config.name()),
                new Remedy.Setting("input", kind.kind == Kind.NOTE_SEQUENCES ? file.toString() : "notesequences.tfrecord"),
                new Remedy.Setting("output_dir", "DIR")));
        if (kind.kind == Kind.NOTE_SEQUENCES) {
            throw new WrongKindException(file + " holds " + kind.describe() + ", not a training dataset; make one with: ",
                    make);
        }
        int want = config.inputSize();
        if (kind.kind == Kind.SEQUENCE_EXAMPLES && kind.inputSize != want) {
            throw new WrongKindException(file + " holds " + kind.describe() + ", but " + config.name() + " takes "
                    + want + " inputs per step; make " + config.name() + "'s dataset with: ", make);
        }
    }

    /**
     * The job that makes the right file, in the library's terms: the job's name (convert-dir, create-dataset)
     * and the settings to give it. A front end writes it as its own command line.
     */
    public record Remedy(String job, List<Setting> settings) {
        public Remedy {
            settings = List.copyOf(settings);
        }

        /** One setting of the job, by field name; the value may be a placeholder such as DIR. */
        public record Setting(String field, String value) {
        }

        /** "convert-dir with input_dir MIDI_DIR, output_file notesequences.tfrecord" */
        @Override
        public String toString() {
            return job + " with " + String.join(", ", settings.stream().map(s -> s.field + " " + s.value).toList());
        }
    }

    /** A file of the wrong kind for a job; the message ends with the {@link Remedy}. */
    public static final class WrongKindException extends BadInputException {
        private final String problem;
        private final Remedy remedy;

        WrongKindException(String problem, Remedy remedy) {
            super(problem + remedy);
            this.problem = problem;
            this.remedy = remedy;
        }

        public Remedy remedy() {
            return remedy;
        }

        /** The message with the remedy written as {@code spelling} writes a job, e.g. as a command line. */
        public String messageWith(Function<Remedy, String> spelling) {
            return problem + spelling.apply(remedy);
        }
    }
}
