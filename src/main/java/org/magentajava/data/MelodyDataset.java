package org.magentajava.data;

import org.magentajava.melody.ExtractionParams;
import org.magentajava.melody.MelodyConfig;
import org.magentajava.melody.MelodyDatasetPipeline;
import org.magentajava.proto.tf.SequenceExample;

import java.util.ArrayList;
import java.util.List;

/** melody_rnn_create_dataset's per-sequence branch as a {@link DatasetBuilder.Extractor}. */
public final class MelodyDataset {
    public static final String TRAINING = "training_melodies";
    public static final String EVAL = "eval_melodies";

    private MelodyDataset() {
    }

    public static DatasetBuilder.Extractor extractor(MelodyConfig config, ExtractionParams params) {
        return sequence -> {
            MelodyDatasetPipeline.Result r = MelodyDatasetPipeline.process(sequence, config, params);
            List<SequenceExample> examples = new ArrayList<>(r.melodies().size());
            for (MelodyDatasetPipeline.EncodedMelody m : r.melodies()) {
                examples.add(SequenceExamples.build(m.inputs(), m.labels()));
            }
            return new DatasetBuilder.Extraction(examples, r.statistics(), r.noMelodyReason());
        };
    }
}
