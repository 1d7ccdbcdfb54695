package org.magentajava.model.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.magentajava.model.Batch;
import org.magentajava.model.HParams;
import org.magentajava.model.LstmNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Times training steps of {@link LstmNetwork} on synthetic batches of Magenta's default shapes (basic_rnn
 * and attention_rnn: 2x128 LSTM, batch 128, 128 steps), a float32 GEMM of comparable size, and DL4J's
 * stock LSTM stack on the same shapes, all in one run so the ratios are comparable on a noisy machine.
 *
 * <p>Usage: ModelBench [steps=5] [basic|attention|both]
 */
public final class ModelBench {
    private static final int B = 128;
    private static final int T = 128;

    private ModelBench() {}

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String which = args.length > 1 ? args[1] : "both";
        System.out.println("attention window kernel: " + LstmNetwork.attentionKernel());
        System.out.printf("threads: OMP_NUM_THREADS=%s, cores=%d; %d timed steps each, batch %d x %d steps%n",
                System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors(), steps, B, T);
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        Nd4j.factory().blas().setMaxThreads(1);
        double gemmBig1 = gemmGflops(B * T, 256, 512, 3);
        double gemmStep1 = gemmGflops(B, 256, 512, 200);
        Nd4j.factory().blas().setMaxThreads(threads);
        double gemmBig = gemmGflops(B * T, 256, 512, 3);
        double gemmStep = gemmGflops(B, 256, 512, 200);
        System.out.printf("float32 GEMM via Nd4j.gemm into a preallocated result, best of 5:%n"
                        + "  [%d x 256]x[256 x 512]: %.1f GFLOP/s on 1 thread, %.1f on %d threads%n"
                        + "  per-step [128 x 256]x[256 x 512]: %.1f GFLOP/s on 1 thread, %.1f on %d threads%n"
                        + "  \"%% of GEMM\" below uses these %d-thread figures; \"paired\" ratios use a GEMM on the network's own"
                        + " BLAS threads timed just before each step%n",
                B * T, gemmBig1, gemmBig, threads, gemmStep1, gemmStep, threads, threads);
        if (!which.equals("attention")) {
            run("basic_rnn", 38, 38, "batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,clip_norm=5",
                    steps, gemmBig, gemmStep);
        }
        if (!which.equals("basic")) {
            run("attention_rnn", 74, 40, "batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,attn_length=40,clip_norm=3",
                    steps, gemmBig, gemmStep);
        }
        Nd4j.factory().blas().setMaxThreads(threads);
        System.out.printf("big GEMM re-timed at end on %d threads: %.1f GFLOP/s%n", threads, gemmGflops(B * T, 256, 512, 3));
        System.out.println("peak RSS: " + peakRss());
    }

    private static void run(String name, int in, int classes, String hparams, int steps, double gemmBig, double gemmStep) {
        HParams hp = HParams.parse(hparams);
        Nd4j.factory().blas().setMaxThreads(LstmNetwork.blasThreads()); // main() timed GEMMs on other counts
        LstmNetwork net = new LstmNetwork(in, classes, 0, hp, 1);
        Batch batch = syntheticBatch(in, classes, new Random(1));
        net.trainStep(batch); // warm-up: allocation, JIT
        double loss = 0;
        double flops = usefulFlops(in, classes, hp);
        double[] times = new double[steps];
        double[] ratios = new double[steps];
        for (int i = 0; i < steps; i++) {
            // a GEMM timed right before each step: the ratio of the pair is robust to load from other jobs
            double g = gemmGflops(B * T, 256, 512, 2);
            long t0 = System.nanoTime();
            loss = net.trainStep(batch).loss();
            times[i] = (System.nanoTime() - t0) / 1e9;
            ratios[i] = flops / times[i] / 1e9 / g;
        }
        double sec = best(times);
        long f0 = System.nanoTime();
        net.evaluate(batch);
        double fwd = (System.nanoTime() - f0) / 1e9;
        double gflops = flops / sec / 1e9;
        System.out.printf("%s: %.3f s/step, %.2f steps/s, %.0f examples/s, useful %.1f GFLOP/step = %.1f GFLOP/s"
                        + " = %.0f%% of big GEMM, %.0f%% of per-step GEMM (loss %.3f)%n",
                name, sec, 1 / sec, B / sec, flops / 1e9, gflops, 100 * gflops / gemmBig, 100 * gflops / gemmStep, loss);
        double[] sorted = ratios.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf("  step times %s s (best reported; machine is shared); forward only %.3f s%n",
                java.util.Arrays.toString(java.util.Arrays.stream(times).map(x -> Math.round(x * 1000) / 1000.0).toArray()), fwd);
        System.out.printf("  paired ratio (step FLOP/s / big GEMM timed just before it): median %.0f%%, best %.0f%%%n",
                100 * sorted[sorted.length / 2], 100 * sorted[sorted.length - 1]);
        for (int gb : new int[] {1, B}) {
            org.magentajava.model.State st = net.initialState(gb);
            INDArray x = Nd4j.zeros(DataType.FLOAT, gb, in);
            for (int i = 0; i < 20; i++) net.step(st, x, 1.0);
            long g0 = System.nanoTime();
            for (int i = 0; i < 200; i++) net.step(st, x, 1.0);
            System.out.printf("  generation step(): %.2f ms per step at batch %d%n", (System.nanoTime() - g0) / 1e6 / 200, gb);
        }
        double dl4j = dl4jSecondsPerStep(in, classes, steps);
        double dl4jFlops = usefulFlops(in, classes, hp.with("attn_length=0"));
        System.out.printf("  DL4J stock LSTM 2x128 + RnnOutputLayer (%d in / %d out, no attention, Adam): %.3f s/step = %.1f GFLOP/s;"
                        + " ours is %.2fx faster per step%n", in, classes, dl4j, dl4jFlops / dl4j / 1e9, dl4j / sec);
    }

    /**
     * Multiply-adds x2 x3 (forward, and backward's two products) of one training step, counting each
     * matrix product once per time step as an efficient implementation does: LSTM kernels, the output
     * layer, and for attention W1, W3, W2, attn_w applied once to each new output, the scores v·tanh(.) and
     * the weighted sum over the window. Elementwise activations are not counted.
     */
    static double usefulFlops(int in, int classes, HParams hp) {
        List<Integer> sizes = hp.rnnLayerSizes();
        double macs = 0;
        int n = in;
        for (int l = 0; l < sizes.size(); l++) {
            int h = sizes.get(l);
            macs += (double) (n + h) * 4 * h;
            if (l == 0 && hp.attnLength() > 0) {
                int len = hp.attnLength();
                macs += (double) (n + h) * n + (double) h * h + 2.0 * h * h + 2.0 * len * h + 2.0 * h * h;
            }
            n = h;
        }
        macs += (double) n * classes;
        return 2 * 3 * macs * B * T;
    }

    private static Batch syntheticBatch(int in, int classes, Random r) {
        float[][][] x = new float[B][T][in];
        int[][] y = new int[B][T];
        int[] len = new int[B];
        for (int b = 0; b < B; b++) {
            len[b] = T;
            for (int t = 0; t < T; t++) {
                x[b][t][r.nextInt(in)] = 1f;
                y[b][t] = r.nextInt(classes);
            }
        }
        return new Batch(x, y, len);
    }

    private static double gemmGflops(int m, int k, int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        for (int i = 0; i < 2; i++) Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double bestRate = 0;
        for (int round = 0; round < 5; round++) { // best of 5 rounds: other jobs share these cores
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double sec = (System.nanoTime() - t0) / 1e9;
            bestRate = Math.max(bestRate, 2.0 * m * k * n * reps / sec / 1e9);
        }
        return bestRate;
    }

    private static double dl4jSecondsPerStep(int in, int classes, int steps) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).updater(new Adam(1e-3)).dataType(DataType.FLOAT).list()
                .layer(new LSTM.Builder().nIn(in).nOut(128).activation(Activation.TANH).build())
                .layer(new LSTM.Builder().nIn(128).nOut(128).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nIn(128).nOut(classes).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray features = Nd4j.zeros(DataType.FLOAT, B, in, T);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, B, classes, T);
        Random r = new Random(2);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                features.putScalar(new long[] {b, r.nextInt(in), t}, 1.0);
                labels.putScalar(new long[] {b, r.nextInt(classes), t}, 1.0);
            }
        }
        net.fit(features, labels);
        double[] times = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            net.fit(features, labels);
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        return best(times);
    }

    private static double best(double[] times) {
        double m = Double.POSITIVE_INFINITY;
        for (double t : times) m = Math.min(m, t);
        return m;
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM")) return line.substring(6).strip();
            }
        } catch (Exception e) {
            return "unknown";
        }
        return "unknown";
    }
}
