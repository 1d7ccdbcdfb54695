package org.magentajava.ngram;

import org.magentajava.data.SequenceExamples;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.ModelConfig;
import org.magentajava.train.SkipLog;
import org.magentajava.train.UsableRecords;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The counting baseline of the piano-roll configs' frame NLL ({@link KeyMarkov}): fitted on a training file of
 * a multi-hot config's records, its pseudo-count chosen on every 10th training record held out (as
 * {@link NgramBaseline} chooses its order), refitted on all of them and scored on every frame of an eval file —
 * the frames evaluate scores, read through the same record checks ({@link UsableRecords}).
 *
 * <p>A frame is a record step: its input starts with the previous frame's keys (silence before the first) and its
 * target with this frame's. Piano-roll records hold just those 88 keys; biaxial_rnn's hold the play row, then
 * the articulate row (and in the input 4 bar bits), and only the play rows are read: biaxial_rnn's frame_nll is
 * the NLL of the play rows.
 */
public final class FrameBaseline {
    /** Every this-many-th usable training record (the last of each ten) is held out to choose the pseudo-count. */
    public static final int DEV_EVERY = NgramBaseline.DEV_EVERY;

    /** The pseudo-counts tried, ascending: half-decades from 0.1 to 10,000. */
    public static final List<Double> PSEUDO_COUNTS = List.of(0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0,
            3000.0, 10000.0);

    /** The frames of one file, and how many records they came from. */
    public record Counted(long records, KeyTransitions frames) {
    }

    /** A training file's frames split for the choice: the held-out records' and the rest's. */
    public record Split(Counted fit, Counted dev) {
        /** Both parts together. */
        public Counted all() {
            KeyTransitions sum = new KeyTransitions(fit.frames().keys());
            sum.addAll(fit.frames());
            sum.addAll(dev.frames());
            return new Counted(fit.records() + dev.records(), sum);
        }
    }

    /** One pseudo-count's NLL on the held-out records, in nats per frame. */
    public record DevScore(double pseudoCount, double nll) {
    }

    /**
     * @param devScores the pseudo-counts tried, ascending, with their held-out NLL
     * @param model     the model with the chosen pseudo-count, fitted on all training records
     * @param eval      its figures over every eval frame
     */
    public record Result(Split train, List<DevScore> devScores, KeyMarkov model, Counted evalFrames,
                         KeyMarkov.FrameScore eval) {
        public Result {
            devScores = List.copyOf(devScores);
        }
    }

    private final int keys;
    private final int inputSize;
    private final int targetWidth;

    /** For the records of {@code config}, a multi-hot config (piano roll or note states). */
    public FrameBaseline(ModelConfig config) {
        if (!config.multiHot()) {
            throw new IllegalArgumentException(config.name() + " has no frames of keys");
        }
        this.keys = config.maxNote() - config.minNote();
        this.inputSize = config.inputSize();
        this.targetWidth = config.outputSize();
    }

    /** Counts the frames of every usable record of {@code file}; unusable ones are skipped into {@code skips}. */
    public Counted read(Path file, SkipLog skips) throws IOException {
        KeyTransitions frames = new KeyTransitions(keys);
        long records = UsableRecords.forEach(file, inputSize, targetWidth, skips, r -> addRecord(file, frames, r));
        return new Counted(records, frames);
    }

    /** Counts a training file's frames, every {@link #DEV_EVERY}th usable record apart. */
    public Split readTraining(Path file, SkipLog skips) throws IOException {
        KeyTransitions fit = new KeyTransitions(keys);
        KeyTransitions dev = new KeyTransitions(keys);
        long[] index = {0};
        long records = UsableRecords.forEach(file, inputSize, targetWidth, skips,
                r -> addRecord(file, index[0]++ % DEV_EVERY == DEV_EVERY - 1 ? dev : fit, r));
        long devRecords = records / DEV_EVERY;
        return new Split(new Counted(records - devRecords, fit), new Counted(devRecords, dev));
    }

    private static void addRecord(Path file, KeyTransitions into, SequenceExamples.Encoded record) {
        if (!record.isMultiHot()) {
            // a one-class dataset whose input width happens to match: no frame of keys to count
            throw new BadSettingException("config", file + " holds one class per step, not frames of keys; was it "
                    + "made with another {config}?");
        }
        for (int t = 0; t < record.length(); t++) {
            into.add(record.inputs()[t], record.targets()[t]);
        }
    }

    /**
     * Chooses the pseudo-count with the lowest NLL on {@code train}'s held-out records (the smallest of equals),
     * printing each to {@code log}, refits on all training records and scores {@code eval}.
     *
     * @throws BadInputException when fewer than {@link #DEV_EVERY} training records leave nothing held out
     */
    public static Result run(Split train, Counted eval, PrintStream log) {
        if (train.dev().frames().frames() == 0) {
            throw new BadInputException("the training file needs at least " + DEV_EVERY
                    + " usable records with frames: every " + DEV_EVERY + "th is held out to choose the pseudo-count");
        }
        List<DevScore> tried = new ArrayList<>();
        DevScore best = null;
        for (double c : PSEUDO_COUNTS) {
            DevScore d = new DevScore(c, KeyMarkov.fit(train.fit().frames(), c).score(train.dev().frames()).frameNll());
            tried.add(d);
            log.printf(Locale.ROOT, "pseudo_count %7s: dev frame_nll %.4f%n", plain(c), d.nll());
            if (best == null || d.nll() < best.nll()) {
                best = d;
            }
        }
        Counted all = train.all();
        log.printf(Locale.ROOT, "chosen pseudo_count %s (dev frame_nll %.4f); refitting on all %d training records%n",
                plain(best.pseudoCount()), best.nll(), all.records());
        KeyMarkov model = KeyMarkov.fit(all.frames(), best.pseudoCount());
        return new Result(train, tried, model, eval, model.score(eval.frames()));
    }

    /** 0.1, 3, 10000: a pseudo-count without a trailing ".0". */
    public static String plain(double c) {
        return c == Math.rint(c) ? String.format(Locale.ROOT, "%d", (long) c) : Double.toString(c);
    }
}
