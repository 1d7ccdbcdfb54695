package org.magentajava.model;

import org.magentajava.io.BadInputException;
import org.magentajava.model.layers.StepRows;
import org.magentajava.model.ops.Buf;
import org.magentajava.model.ops.Parallel;
import org.magentajava.model.ops.Parameters;

/**
 * A set of keys per step from a NADE whose biases the linear layer gives (Magenta's RNN-NADE): the exact
 * frame NLL averaged over valid steps, and the frame counts (a key predicted on when its conditional given the
 * true lower keys is at least 0.5, as Magenta's metrics take cond_probs). The gradient reaches both the
 * outputs and the NADE's own weights, {@code nade/w_enc} and {@code nade/w_dec_t}. Rows run on all threads,
 * each with its own weight-gradient sums, added in chunk order.
 */
final class NadeLoss extends Loss {
    private final int keys;
    private final int hidden;
    private final Buf enc;
    private final Buf dec;
    private final Buf encGrad;
    private final Buf decGrad;

    NadeLoss(int keys, Parameters params) {
        super(keys + (int) params.value("nade/w_enc").array.size(2), "a NADE network needs multi-hot targets");
        this.keys = keys;
        this.hidden = width - keys;
        this.enc = params.value("nade/w_enc");
        this.dec = params.value("nade/w_dec_t");
        this.encGrad = params.gradient("nade/w_enc");
        this.decGrad = params.gradient("nade/w_dec_t");
    }

    /** A copy of the NADE's current weights. */
    Nade nade() {
        double[] e = new double[keys * hidden];
        double[] d = new double[keys * hidden];
        enc.read(0, e, 0, e.length);
        dec.read(0, d, 0, d.length);
        return new Nade(keys, hidden, e, d);
    }

    @Override
    Result compute(double[] z, StepRows at, long valid, Batch batch, boolean grad) {
        Nade nade = nade();
        int rows = at.count();
        int threads = Parallel.THREADS;
        double[][] gEnc = new double[threads][];
        double[][] gDec = new double[threads][];
        double[] nll = new double[threads];
        long[][] counts = new long[threads][5]; // tp, fp, fn, exact, sounding-exact
        long[] soundingSteps = new long[threads];
        Parallel.forRows(rows, 64, (chunk, lo, hi) -> {
            double[] ge = grad ? new double[keys * hidden] : null;
            double[] gd = grad ? new double[keys * hidden] : null;
            double[] g = grad ? new double[width] : null;
            Nade.Scratch c = nade.scratch();
            double sum = 0;
            for (int r = lo; r < hi; r++) {
                int s = at.step(r);
                int i = at.sequence(r);
                int o = r * width;
                if (padding(z, batch, s, i, o, grad)) continue;
                boolean[] y = keys(batch, i, s, keys);
                sum += nade.frameNll(z, o, y, g, ge, gd, 1.0 / valid, c);
                boolean any = false;
                for (boolean k : y) any |= k;
                if (c.exact) counts[chunk][3]++;
                if (any) {
                    soundingSteps[chunk]++;
                    if (c.exact) counts[chunk][4]++;
                }
                if (grad) System.arraycopy(g, 0, z, o, width);
            }
            counts[chunk][0] = c.tp;
            counts[chunk][1] = c.fp;
            counts[chunk][2] = c.fn;
            nll[chunk] = sum;
            gEnc[chunk] = ge;
            gDec[chunk] = gd;
        });
        if (grad) {
            for (int k = 1; k < threads; k++) {
                if (gEnc[k] == null) continue;
                for (int j = 0; j < gEnc[0].length; j++) {
                    gEnc[0][j] += gEnc[k][j];
                    gDec[0][j] += gDec[k][j];
                }
            }
            encGrad.write(0, gEnc[0], 0, gEnc[0].length);
            decGrad.write(0, gDec[0], 0, gDec[0].length);
        }
        double total = nll[0];
        long[] sums = counts[0].clone();
        long sounding = soundingSteps[0];
        for (int k = 1; k < threads; k++) {
            total += nll[k];
            for (int j = 0; j < sums.length; j++) sums[j] += counts[k][j];
            sounding += soundingSteps[k];
        }
        Metrics m = new Metrics(total / valid, valid, sums[3], sounding, sums[4], sums[0], sums[1], sums[2]);
        return new Result(m, noPredictions(at.batch() * at.steps()), total);
    }

    @Override
    double[] probabilities(Buf logits, int rows, double temperature) {
        checkTemperature(temperature);
        throw new IllegalStateException("a NADE head has no probability per output; use stepOutputs and nade()");
    }
}
