package org.magentajava.models.pianorollrnn;

import java.util.ArrayList;
import java.util.List;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.data.SequenceExamples;
import org.magentajava.pianoroll.EncodedRoll;

/** The pianoroll pipeline's per-sequence branch as a {@link DatasetBuilder.Extractor}, with Magenta's file names. */
public final class PianorollDataset {
    public static final String TRAINING = "training_pianoroll_tracks";
    public static final String EVAL = "eval_pianoroll_tracks";

    private PianorollDataset() {
    }

    public static DatasetBuilder.Extractor extractor(PianorollDatasetPipeline.Settings settings) {
        return sequence -> {
            PianorollDatasetPipeline.Result r = PianorollDatasetPipeline.process(sequence, settings);
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
