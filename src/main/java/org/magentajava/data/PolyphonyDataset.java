package org.magentajava.data;

import java.util.ArrayList;
import java.util.List;
import org.magentajava.melody.MelodyConfig;
import org.magentajava.poly.PolyphonyDatasetPipeline;

/** polyphony_rnn_create_dataset's per-sequence branch as a {@link DatasetBuilder.Extractor}. */
public final class PolyphonyDataset {
    public static final String TRAINING = "training_poly_tracks";
    public static final String EVAL = "eval_poly_tracks";

    private PolyphonyDataset() {
    }

    public static DatasetBuilder.Extractor extractor(MelodyConfig config, PolyphonyDatasetPipeline.Limits limits) {
        return sequence -> {
            PolyphonyDatasetPipeline.Result r = PolyphonyDatasetPipeline.process(sequence, config, limits);
            List<byte[]> examples = new ArrayList<>(r.sequences().size());
            long steps = 0;
            for (PolyphonyDatasetPipeline.EncodedPolyphony p : r.sequences()) {
                examples.add(SequenceExamples.serialize(p.encoded().inputs(), p.encoded().labels()));
                steps += p.encoded().labels().length;
            }
            return new DatasetBuilder.Extraction(examples, steps, r.statistics(), r.noneReason());
        };
    }
}
