package org.magentajava.models.polyphonyrnn;

import org.magentajava.data.DatasetBuilder;
import org.magentajava.models.ModelConfig;

/** polyphony_rnn_create_dataset's per-sequence branch as a {@link DatasetBuilder.Extractor}. */
public final class PolyphonyDataset {
    public static final String TRAINING = "training_poly_tracks";
    public static final String EVAL = "eval_poly_tracks";

    private PolyphonyDataset() {
    }

    public static DatasetBuilder.Extractor extractor(ModelConfig config, PolyphonyDatasetPipeline.Limits limits) {
        return sequence -> {
            PolyphonyDatasetPipeline.Result r = PolyphonyDatasetPipeline.process(sequence, config, limits);
            return DatasetBuilder.Extraction.of(r.sequences().stream()
                    .map(PolyphonyDatasetPipeline.EncodedPolyphony::encoded).toList(), r.statistics(), r.noneReason());
        };
    }
}
