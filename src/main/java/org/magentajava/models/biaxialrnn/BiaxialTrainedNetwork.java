package org.magentajava.models.biaxialrnn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.Evaluation;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.TrainedNetwork;
import org.magentajava.train.EventClasses;
import org.magentajava.train.Evaluator;
import org.magentajava.train.Metrics;
import org.magentajava.train.SkipLog;
import org.magentajava.util.Words;

/**
 * A trained biaxial model as {@code bundle.TrainedModel} holds it, from a checkpoint or a bundle: evaluation
 * reports the articulation NLL beside the frame figures, bundles hold {@link BiaxialModel#write}'s weights, and
 * generation samples note by note ({@link BiaxialGenerator}).
 */
record BiaxialTrainedNetwork(BiaxialModel model) implements TrainedNetwork {

    @Override
    public String hparams() {
        return model.network().hparams().toString();
    }

    @Override
    public void checkHParams(String hparams, String source) {
        if (hparams.isBlank()) {
            return;
        }
        BiaxialHParams have = model.network().hparams();
        if (!BiaxialHParams.parse(hparams, have.toString()).sameNetwork(have)) {
            throw new BadSettingException("hparams", "{hparams} \"" + hparams + "\" does not match " + source
                    + ", which has " + have);
        }
    }

    /** The frame NLL of the play probabilities, the articulation NLL apart, and the frame accuracies. */
    @Override
    public Evaluation evaluate(ModelConfig config, Path file, int batchSize, SkipLog skips) throws IOException {
        model.resetScores();
        Evaluator.Score score = Evaluator.score(model, file, batchSize, config.noEventLabel(),
                BiaxialRnn.FAMILY.stepLabel(), EventClasses.LABELS, skips);
        Metrics m = score.counts().metrics();
        List<Evaluation.Figure> f = new ArrayList<>();
        f.add(new Evaluation.Figure("frame_nll", m.frameNll(), "nats per step: -log p of each step's set of "
                + model.network().encoding().keys() + " sounding keys"));
        f.add(new Evaluation.Figure("articulation_nll", model.articulationNll() / model.articulationSteps(),
                "nats per step: -log p of which sounding keys are struck anew"));
        f.add(new Evaluation.Figure("frame_accuracy", m.frameAccuracy(), "TP / (TP + FP + FN) over all keys"));
        f.add(new Evaluation.Figure("exact_frames", m.accuracy(), "steps whose predicted key set is the target"));
        return new Evaluation(Words.count(score.examples(), "note-state roll", "note-state rolls") + ", "
                + Words.count(score.counts().steps(), "step", "steps"), f);
    }

    @Override
    public byte[] weights() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes, false);
        return bytes.toByteArray();
    }

    @Override
    public BiaxialGenerator generator(ModelConfig config) {
        return new BiaxialGenerator(model, config.stepsPerQuarter());
    }
}
