package org.magentajava.models.melodyrnn;

import org.magentajava.data.DatasetBuilder;
import org.magentajava.melody.ExtractionParams;
import org.magentajava.models.ModelConfig;


/** melody_rnn_create_dataset's per-sequence branch as a {@link DatasetBuilder.Extractor}. */
public final class MelodyDataset {
    public static final String TRAINING = "training_melodies";
    public static final String EVAL = "eval_melodies";

    private MelodyDataset() {
    }

    public static DatasetBuilder.Extractor extractor(ModelConfig config, ExtractionParams params) {
        return sequence -> {
            MelodyDatasetPipeline.Result r = MelodyDatasetPipeline.process(sequence, config, params);
            return DatasetBuilder.Extraction.of(r.melodies().stream().map(MelodyDatasetPipeline.EncodedMelody::encoded)
                    .toList(), r.statistics(), r.noMelodyReason());
        };
    }
}
