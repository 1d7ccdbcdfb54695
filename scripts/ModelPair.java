import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Two builds of the network in one JVM (each its own class loader over a target/classes, ND4J shared), training
 * steps alternating between them (who goes first alternates too) on the same synthetic batch as ModelBench:
 * load from other jobs falls on both alike, where separate runs minutes apart on a busy machine differ by 2x.
 * Prints each pair's times and losses, the medians, B/A, and whether the two builds' losses were bit-identical.
 * Usage (through scripts/bench-model-pair.sh): java ModelPair <basic|attention> <pairs> <classesA> <classesB>
 */
public class ModelPair {
    static final int B = 128, T = 128;

    public static void main(String[] a) throws Exception {
        boolean attention = a[0].equals("attention");
        int pairs = Integer.parseInt(a[1]);
        ClassLoader shared = ClassLoader.getSystemClassLoader(); // ND4J and its natives: the launcher's classpath
        int in = attention ? 74 : 38;
        int classes = attention ? 40 : 38;
        String hp = attention
                ? "batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,attn_length=40,clip_norm=3"
                : "batch_size=128,rnn_layer_sizes=[128,128],dropout_keep_prob=0.5,clip_norm=5";
        Net[] nets = {new Net(a[2], shared, in, classes, hp), new Net(a[3], shared, in, classes, hp)};
        for (Net n : nets) n.step(); // warm-up: allocation, JIT
        for (Net n : nets) n.step();
        double[][] t = new double[2][pairs];
        double[][] loss = new double[2][pairs];
        for (int i = 0; i < pairs; i++) {
            for (int k = 0; k < 2; k++) {
                int which = (i % 2 == 0) ? k : 1 - k; // alternate who goes first
                long t0 = System.nanoTime();
                loss[which][i] = nets[which].step();
                t[which][i] = (System.nanoTime() - t0) / 1e9;
            }
            System.out.printf("pair %d: A %.3f s (loss %.6f)  B %.3f s (loss %.6f)  B/A %.3f%n", i, t[0][i], loss[0][i],
                    t[1][i], loss[1][i], t[1][i] / t[0][i]);
        }
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) ratios[i] = t[1][i] / t[0][i];
        System.out.printf("%s: A median %.3f s, best %.3f; B median %.3f s, best %.3f; B/A per pair median %.3f,"
                        + " of sums %.3f; losses identical: %b%n", a[0], median(t[0]), min(t[0]), median(t[1]), min(t[1]),
                median(ratios), Arrays.stream(t[1]).sum() / Arrays.stream(t[0]).sum(), Arrays.equals(loss[0], loss[1]));
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] x) {
        return Arrays.stream(x).min().orElse(Double.NaN);
    }

    static final class Net {
        final Object net;
        final Object batch;
        final Method trainStep;
        final Method loss;

        Net(String classes, ClassLoader shared, int in, int numClasses, String hp) throws Exception {
            ClassLoader cl = new URLClassLoader(new URL[] {Path.of(classes).toUri().toURL()}, shared);
            Class<?> hpC = cl.loadClass("org.magentajava.model.HParams");
            Object h = hpC.getMethod("parse", String.class).invoke(null, hp);
            Class<?> netC = cl.loadClass("org.magentajava.model.LstmNetwork");
            Constructor<?> c = netC.getConstructor(int.class, int.class, int.class, hpC, long.class);
            net = c.newInstance(in, numClasses, 0, h, 1L);
            Random r = new Random(1);
            float[][][] x = new float[B][T][in];
            int[][] y = new int[B][T];
            int[] len = new int[B];
            for (int b = 0; b < B; b++) {
                len[b] = T;
                for (int s = 0; s < T; s++) {
                    x[b][s][r.nextInt(in)] = 1f;
                    y[b][s] = r.nextInt(numClasses);
                }
            }
            Class<?> batchC = cl.loadClass("org.magentajava.model.Batch");
            batch = batchC.getConstructor(float[][][].class, int[][].class, int[].class).newInstance(x, y, len);
            trainStep = netC.getMethod("trainStep", batchC);
            loss = cl.loadClass("org.magentajava.model.Metrics").getMethod("loss");
            System.out.println(classes + ": attention kernel " + netC.getMethod("attentionKernel").invoke(null));
        }

        double step() throws Exception {
            return (double) loss.invoke(trainStep.invoke(net, batch));
        }
    }
}
