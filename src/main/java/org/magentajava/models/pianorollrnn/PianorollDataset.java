package org.magentajava.models.pianorollrnn;

import org.magentajava.data.DatasetBuilder;
import org.magentajava.pianoroll.RollSettings;

/** The pianoroll pipeline's per-sequence branch as a {@link DatasetBuilder.Extractor}, with Magenta's file names. */
public final class PianorollDataset {
    public static final String TRAINING = "training_pianoroll_tracks";
    public static final String EVAL = "eval_pianoroll_tracks";

    private PianorollDataset() {
    }

    public static DatasetBuilder.Extractor extractor(RollSettings settings) {
        return sequence -> {
            PianorollDatasetPipeline.Result r = PianorollDatasetPipeline.process(sequence, settings);
            return DatasetBuilder.Extraction.ofRolls(r.rolls(), r.statistics(), r.noneReason());
        };
    }
}
