package org.magentajava.data;

import org.magentajava.melody.ExtractionParams;
import org.magentajava.melody.MelodyConfig;
import org.magentajava.melody.MelodyDatasetPipeline;

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
            List<byte[]> examples = new ArrayList<>(r.melodies().size());
            long steps = 0;
            for (MelodyDatasetPipeline.EncodedMelody m : r.melodies()) {
                examples.add(SequenceExamples.serialize(m.inputs(), m.labels()));
                steps += m.labels().length;
            }
            return new DatasetBuilder.Extraction(examples, steps, r.statistics(), r.noMelodyReason());
        };
    }
}
