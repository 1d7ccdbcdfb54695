package org.magentajava.analysis;

import org.magentajava.io.BadSettingException;

/**
 * How to read a corpus.
 *
 * @param split           which part of a NoteSequence TFRecord: create-dataset's eval, dev or train split, or all
 * @param evalRatio       create-dataset's --eval_ratio
 * @param devRatio        create-dataset's --dev_ratio (0: no dev split, the train split is all but eval)
 * @param seed            create-dataset's --seed
 * @param skipPrimerSteps for MIDI files: analyze from this step of the file on; null means from the "generated"
 *                        marker that generate writes, or from step 0 without one
 */
public record CorpusOptions(Split split, double evalRatio, double devRatio, long seed, Integer skipPrimerSteps) {

    /** A part of a NoteSequence TFRecord, decided as create-dataset decides it. */
    public enum Split {
        EVAL, DEV, TRAIN, ALL
    }

    /** The same options without a dev split (create-dataset's default). */
    public CorpusOptions(Split split, double evalRatio, long seed, Integer skipPrimerSteps) {
        this(split, evalRatio, 0, seed, skipPrimerSteps);
    }

    public CorpusOptions {
        if (!(evalRatio >= 0 && evalRatio <= 1)) {
            throw new BadSettingException("eval_ratio", "{eval_ratio} must be between 0 and 1, got " + evalRatio);
        }
        if (!(devRatio >= 0 && evalRatio + devRatio <= 1)) {
            throw new BadSettingException("dev_ratio",
                    "{dev_ratio} must be between 0 and 1 - eval_ratio, got " + devRatio);
        }
        if (skipPrimerSteps != null && skipPrimerSteps < 0) {
            throw new BadSettingException("skip_primer_steps", "{skip_primer_steps} must be >= 0, got "
                    + skipPrimerSteps);
        }
    }

    /** Every melody, create-dataset's default ratio and seed, primers found from generate's marker. */
    public static CorpusOptions all() {
        return new CorpusOptions(Split.ALL, 0.1, 0, null);
    }

    public CorpusOptions withSplit(Split newSplit) {
        return new CorpusOptions(newSplit, evalRatio, devRatio, seed, skipPrimerSteps);
    }
}
