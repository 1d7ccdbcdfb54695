package org.magentajava.models.biaxialrnn;

import java.util.ArrayList;
import java.util.List;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.data.SequenceExamples;
import org.magentajava.pianoroll.EncodedRoll;

/** The biaxial pipeline as a {@link DatasetBuilder.Extractor}, with the file names of its datasets. */
public final class BiaxialDataset {
    public static final String TRAINING = "training_note_state_tracks";
    public static final String EVAL = "eval_note_state_tracks";

    private BiaxialDataset() {
    }

    public static DatasetBuilder.Extractor extractor(BiaxialDatasetPipeline.Settings settings) {
        return sequence -> {
            BiaxialDatasetPipeline.Result r = BiaxialDatasetPipeline.process(sequence, settings);
            List<byte[]> examples = new ArrayList<>(r.rolls().size());
            long steps = 0;
            for (EncodedRoll roll : r.rolls()) {
                examples.add(SequenceExamples.serializeMultiHot(roll.inputs(), roll.targets()));
                steps += roll.steps();
            }
            return new DatasetBuilder.Extraction(examples, steps, r.statistics(), r.noneReason());
        };
    }
}
