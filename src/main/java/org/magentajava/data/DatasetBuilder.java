package org.magentajava.data;

import com.google.protobuf.InvalidProtocolBufferException;
import org.magentajava.io.AtomicOutput;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.events.EncodedSequence;
import org.magentajava.pianoroll.EncodedRoll;
import org.magentajava.pipeline.Statistics;
import org.magentajava.proto.NoteSequence;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The create_dataset job: streams NoteSequences out of a TFRecord, runs a per-sequence extractor (melody or
 * polyphony) on several threads, and writes the resulting SequenceExamples to a training and an eval TFRecord in
 * input order. Memory stays flat: only a bounded window of sequences is in flight.
 *
 * <p>Unlike Magenta's unseeded random draw, the eval split is a hash of the NoteSequence id and a seed, so it is
 * reproducible, and every sequence of one source file lands in the same split. An optional dev split (for choosing
 * hyperparameters and checkpoints without touching the eval set) takes the next slice of the same hash, so the
 * eval set is the same whatever the dev ratio.
 */
public final class DatasetBuilder {

    /**
     * What one NoteSequence gave: its serialized SequenceExamples, their total number of steps, the extractor's
     * counters, and why there are none if empty.
     */
    public record Extraction(List<byte[]> examples, long steps, Statistics statistics, String note) {
        /** Serializes encoded sequences as SequenceExamples; steps counts their labels. */
        public static Extraction of(List<EncodedSequence> encoded, Statistics statistics, String note) {
            List<byte[]> examples = new ArrayList<>(encoded.size());
            long steps = 0;
            for (EncodedSequence e : encoded) {
                examples.add(SequenceExamples.serialize(e.inputs(), e.labels()));
                steps += e.steps();
            }
            return new Extraction(examples, steps, statistics, note);
        }

        /** Serializes piano rolls as multi-hot SequenceExamples; steps counts their frames. */
        public static Extraction ofRolls(List<EncodedRoll> rolls, Statistics statistics, String note) {
            List<byte[]> examples = new ArrayList<>(rolls.size());
            long steps = 0;
            for (EncodedRoll roll : rolls) {
                examples.add(SequenceExamples.serializeMultiHot(roll.inputs(), roll.targets()));
                steps += roll.steps();
            }
            return new Extraction(examples, steps, statistics, note);
        }
    }

    /** A pure, thread-safe per-sequence function (split, quantize, extract, encode). */
    public interface Extractor {
        Extraction extract(NoteSequence sequence);
    }

    /** Where a source file's examples go. */
    public enum Split {
        TRAIN("train"), DEV("dev"), EVAL("eval");

        private final String label;

        Split(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param trainName file stem for the training split, e.g. "training_melodies"
     * @param evalName  file stem for the eval split, e.g. "eval_melodies"
     * @param devRatio  fraction of source files for the dev split (0: no dev file, Magenta's layout)
     * @param metadata  written beside the records as {@link DatasetMetadata#FILE_NAME} (null: no such file, the
     *                  layout of Magenta's configs, whose rate is fixed)
     */
    public record Options(Path input, Path outputDir, double evalRatio, long seed, int numThreads, String trainName,
                          String evalName, double devRatio, DatasetMetadata metadata) {
        public Options(Path input, Path outputDir, double evalRatio, long seed, int numThreads, String trainName,
                       String evalName) {
            this(input, outputDir, evalRatio, seed, numThreads, trainName, evalName, 0);
        }

        public Options(Path input, Path outputDir, double evalRatio, long seed, int numThreads, String trainName,
                       String evalName, double devRatio) {
            this(input, outputDir, evalRatio, seed, numThreads, trainName, evalName, devRatio, null);
        }

        /** These options with {@code metadata} written beside the records. */
        public Options withMetadata(DatasetMetadata metadata) {
            return new Options(input, outputDir, evalRatio, seed, numThreads, trainName, evalName, devRatio, metadata);
        }

        public Options {
            if (!(evalRatio >= 0 && evalRatio <= 1)) {
                throw new BadSettingException("eval_ratio", "{eval_ratio} must be between 0 and 1, got " + evalRatio);
            }
            if (!(devRatio >= 0 && evalRatio + devRatio <= 1)) {
                throw new BadSettingException("dev_ratio",
                        "{dev_ratio} must be between 0 and 1 - eval_ratio, got " + devRatio);
            }
            if (numThreads < 1) {
                throw new BadSettingException("num_threads", "{num_threads} must be at least 1, got " + numThreads);
            }
        }

        public Path trainFile() {
            return outputDir.resolve(trainName + ".tfrecord");
        }

        public Path evalFile() {
            return outputDir.resolve(evalName + ".tfrecord");
        }

        /** The dev file: the training file's name with "dev" for "training" (dev_melodies.tfrecord). */
        public Path devFile() {
            return outputDir.resolve(trainName.replaceFirst("^training", "dev") + ".tfrecord");
        }

        public Path reportFile() {
            return outputDir.resolve("create_dataset_report.tsv");
        }

        public Path metadataFile() {
            return outputDir.resolve(DatasetMetadata.FILE_NAME);
        }
    }

    /** One line of the per-file report. */
    public record FileReport(long record, String filename, String split, int examples, long steps, String note) {
    }

    public record Summary(long sequences, long badRecords, List<String> badRecordMessages, long trainExamples,
                          long evalExamples, long trainSteps, long evalSteps, Statistics trainStatistics,
                          Statistics evalStatistics, long sequencesWithoutExamples, double seconds, long devExamples,
                          long devSteps) {
    }

    public interface Progress {
        void update(long bytesRead, long totalBytes, long sequences, long examples);
    }

    /** A processed sequence; records come serialized from the worker, so the writing thread only copies bytes. */
    private record Job(long record, String filename, Split split, Extraction extraction, String error) {
        static Job failed(long record, String filename, String error) {
            return new Job(record, filename, Split.TRAIN, null, error);
        }
    }

    private DatasetBuilder() {
    }

    /** Deterministic split: hash(seed, key) mapped to [0,1) compared with the eval ratio. */
    public static boolean isEval(String key, long seed, double evalRatio) {
        return evalRatio > 0 && uniform(key, seed) < evalRatio;
    }

    /** The split of a source file: [0, eval) eval, [eval, eval + dev) dev, the rest train, of one uniform hash. */
    public static Split splitOf(String key, long seed, double evalRatio, double devRatio) {
        if (evalRatio <= 0 && devRatio <= 0) {
            return Split.TRAIN;
        }
        double u = uniform(key, seed);
        return u < evalRatio ? Split.EVAL : u < evalRatio + devRatio ? Split.DEV : Split.TRAIN;
    }

    private static double uniform(String key, long seed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((seed + "/" + key).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (d[i] & 0xFF);
            }
            return (bits >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The split key: the id (Magenta derives it from the source filename), else the filename, else the index. */
    public static String splitKey(NoteSequence ns, long record) {
        if (!ns.getId().isEmpty()) {
            return ns.getId();
        }
        if (!ns.getFilename().isEmpty()) {
            return ns.getFilename();
        }
        return "record-" + record;
    }

    public static Summary run(Options options, Extractor extractor, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        long sequences = 0;
        long badRecords = 0;
        List<String> badMessages = new ArrayList<>();
        long trainExamples = 0;
        long evalExamples = 0;
        long trainSteps = 0;
        long evalSteps = 0;
        long devExamples = 0;
        long devSteps = 0;
        long empty = 0;
        Statistics trainStats = new Statistics();
        Statistics evalStats = new Statistics();
        Statistics devStats = new Statistics();
        boolean withDev = options.devRatio() > 0;
        try (OrderedPool<Job> pool = new OrderedPool<>(options.numThreads(), "dataset");
             TfRecordReader reader = TfRecordReader.open(options.input());
             AtomicOutput trainOut = open(options.trainFile());
             AtomicOutput evalOut = open(options.evalFile());
             AtomicOutput devOut = withDev ? open(options.devFile()) : null;
             AtomicOutput reportOut = open(options.reportFile());
             AtomicOutput metadataOut = options.metadata() != null ? open(options.metadataFile()) : null) {
            TfRecordWriter train = new TfRecordWriter(trainOut.stream());
            TfRecordWriter eval = new TfRecordWriter(evalOut.stream());
            TfRecordWriter dev = withDev ? new TfRecordWriter(devOut.stream()) : null;
            BufferedWriter report = new BufferedWriter(new OutputStreamWriter(reportOut.stream(), StandardCharsets.UTF_8));
            report.write("record\tfilename\tsplit\texamples\tsteps\tnote\n");
            long index = 0;
            boolean more = true;
            while (more || !pool.isEmpty()) {
                while (more && !pool.full()) {
                    byte[] rec;
                    try {
                        rec = reader.next();
                    } catch (TfRecordReader.CorruptRecordException e) {
                        badRecords++;
                        if (e.resumable()) {
                            badMessages.add(e.getMessage());
                            index++;
                            continue;
                        }
                        badMessages.add(e.getMessage() + "; the rest of the file cannot be read");
                        more = false;
                        break;
                    }
                    if (rec == null) {
                        more = false;
                        break;
                    }
                    long record = index++;
                    pool.submit(() -> process(rec, record, options, extractor));
                }
                if (pool.isEmpty()) {
                    break;
                }
                Job job = pool.next();
                if (job.error() != null) {
                    badRecords++;
                    badMessages.add(options.input() + ": record " + job.record() + ": " + job.error());
                    continue;
                }
                sequences++;
                Extraction ex = job.extraction();
                long steps = ex.steps();
                TfRecordWriter w = switch (job.split()) {
                    case TRAIN -> train;
                    case DEV -> dev;
                    case EVAL -> eval;
                };
                for (byte[] bytes : ex.examples()) {
                    w.write(bytes);
                }
                switch (job.split()) {
                    case TRAIN -> {
                        trainStats.mergeFrom(ex.statistics());
                        trainExamples += ex.examples().size();
                        trainSteps += steps;
                    }
                    case DEV -> {
                        devStats.mergeFrom(ex.statistics());
                        devExamples += ex.examples().size();
                        devSteps += steps;
                    }
                    case EVAL -> {
                        evalStats.mergeFrom(ex.statistics());
                        evalExamples += ex.examples().size();
                        evalSteps += steps;
                    }
                }
                if (ex.examples().isEmpty()) {
                    empty++;
                }
                report.write(job.record() + "\t" + tsv(job.filename()) + "\t" + job.split().label() + "\t"
                        + ex.examples().size() + "\t" + steps + "\t" + tsv(ex.note() == null ? "" : ex.note()) + "\n");
                if (progress != null) {
                    progress.update(reader.position(), reader.size(), sequences,
                            trainExamples + devExamples + evalExamples);
                }
            }
            train.close();
            eval.close();
            if (withDev) {
                dev.close();
            }
            report.flush();
            // the rate first: a kill between the commits must not leave records that claim the default rate
            if (metadataOut != null) {
                metadataOut.stream().write(options.metadata().text().getBytes(StandardCharsets.UTF_8));
                metadataOut.commit();
            }
            trainOut.commit();
            evalOut.commit();
            if (withDev) {
                devOut.commit();
            }
            reportOut.commit();
        }
        return new Summary(sequences, badRecords, badMessages, trainExamples, evalExamples, trainSteps, evalSteps,
                trainStats, evalStats, empty, (System.nanoTime() - t0) / 1e9, devExamples, devSteps);
    }

    private static Job process(byte[] rec, long record, Options options, Extractor extractor) {
        NoteSequence ns;
        try {
            ns = NoteSequence.parseFrom(rec);
        } catch (InvalidProtocolBufferException e) {
            return Job.failed(record, "", "not a NoteSequence (" + e.getMessage() + ")");
        }
        Split split = splitOf(splitKey(ns, record), options.seed(), options.evalRatio(), options.devRatio());
        String name = ns.getFilename().isEmpty() ? ns.getId() : ns.getFilename();
        try {
            return new Job(record, name, split, extractor.extract(ns), null);
        } catch (BadInputException e) {
            return Job.failed(record, name, name + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // An extractor bug costs one sequence, not the dataset.
            return Job.failed(record, name, name + ": internal error " + e);
        }
    }

    private static String tsv(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }

    /** An output that cannot be created is an I/O failure ("cannot write <file>: <reason>"), as mid-job ones are. */
    private static AtomicOutput open(Path file) throws IOException {
        return AtomicOutput.open(file);
    }
}
