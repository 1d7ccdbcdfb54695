package org.magentajava.models.biaxialrnn;

import org.magentajava.data.DatasetBuilder;
import org.magentajava.pianoroll.RollSettings;

/** The biaxial pipeline as a {@link DatasetBuilder.Extractor}, with the file names of its datasets. */
public final class BiaxialDataset {
    public static final String TRAINING = "training_note_state_tracks";
    public static final String EVAL = "eval_note_state_tracks";

    private BiaxialDataset() {
    }

    public static DatasetBuilder.Extractor extractor(RollSettings settings) {
        return sequence -> {
            BiaxialDatasetPipeline.Result r = BiaxialDatasetPipeline.process(sequence, settings);
            return DatasetBuilder.Extraction.ofRolls(r.rolls(), r.statistics(), r.noneReason());
        };
    }
}
