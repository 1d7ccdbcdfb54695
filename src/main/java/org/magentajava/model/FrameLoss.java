package org.magentajava.model;

import org.magentajava.io.BadInputException;
import org.magentajava.model.layers.StepRows;
import org.magentajava.model.ops.Act;
import org.magentajava.model.ops.Buf;

/**
 * A set of keys per step, an independent sigmoid per output: the masked mean over steps of the binary
 * cross-entropy summed over keys (the piano-roll models' frame NLL, nats per step) and the frame counts (a key
 * predicted on when its probability is at least 0.5). The gradient is (sigmoid(z) - y) / validSteps.
 */
final class FrameLoss extends Loss {
    FrameLoss(int keys) {
        super(keys, "a sigmoid-head network needs multi-hot targets");
    }

    @Override
    Result compute(double[] z, StepRows at, long valid, Batch batch, boolean grad) {
        int b = at.batch();
        int t = at.steps();
        int c = width;
        double total = 0;
        FrameCounts counts = new FrameCounts();
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                int o = offset(z, at, batch, s, i, grad);
                if (o < 0) continue;
                boolean[] y = keys(batch, i, s, c);
                for (int k = 0; k < c; k++) {
                    double x = z[o + k];
                    // -log p(y | x) = softplus(x) - y x, in a form that cannot overflow
                    total += Act.softplus(x) - (y[k] ? x : 0);
                    counts.key(x >= 0, y[k]); // on when p >= 0.5
                    if (grad) z[o + k] = (Act.logistic(x) - (y[k] ? 1 : 0)) / valid;
                }
                counts.endStep();
            }
        }
        Metrics m = new Metrics(total / valid, valid, counts.exact(), counts.sounding(), counts.soundingExact(),
                counts.truePositives(), counts.falsePositives(), counts.falseNegatives());
        return new Result(m, noPredictions(b * t), total);
    }

    /** Each output's sigmoid(output/temperature). */
    @Override
    double[] probabilities(Buf logits, int rows, double temperature) {
        checkTemperature(temperature);
        double[] p = new double[rows * width];
        logits.read(0, p, 0, p.length);
        for (int k = 0; k < p.length; k++) p[k] = Act.logistic(p[k] / temperature);
        return p;
    }
}
