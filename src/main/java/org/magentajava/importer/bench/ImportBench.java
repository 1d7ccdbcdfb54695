package org.magentajava.importer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.magentajava.importer.ImportedModel;
import org.magentajava.importer.MagentaImport;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;

/**
 * Times {@link MagentaImport} on a 2 x 128 attention_rnn training checkpoint (V2, Magenta's names and shapes,
 * Adam slots and global_step included as a run directory holds them), written first with tensorflow-java. Prints
 * the one-time native library loads, the first import and the median of the following ones.
 * Usage: ImportBench DIR [repeats=10]
 */
public final class ImportBench {
    private ImportBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Files.createDirectories(dir);
        Path prefix = dir.resolve("model.ckpt-1000");
        // one-time costs of any JVM that imports: the two native libraries (TensorFlow's reader, ND4J's arrays)
        long l0 = System.nanoTime();
        org.bytedeco.javacpp.Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
        double tfLoad = (System.nanoTime() - l0) / 1e9;
        l0 = System.nanoTime();
        org.nd4j.linalg.factory.Nd4j.zeros(1);
        double ndLoad = (System.nanoTime() - l0) / 1e9;
        long t0 = System.nanoTime();
        ImportedModel first = MagentaImport.load(prefix, null, null);
        double cold = (System.nanoTime() - t0) / 1e9;
        double[] warm = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            MagentaImport.load(prefix, null, null);
            warm[i] = (System.nanoTime() - t) / 1e9;
        }
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "loading TensorFlow's native library %.3f s, ND4J's %.3f s (once per JVM)%n",
                tfLoad, ndLoad);
        System.out.printf(Locale.ROOT, "%s %s: first import %.3f s, then median %.3f s over %d (min %.3f, max %.3f)%n",
                first.config().name(), first.network().hparams().rnnLayerSizes(), cold, warm[repeats / 2], repeats,
                warm[0], warm[repeats - 1]);
    }

    /**
     * Writes the checkpoint the benchmark imports: attention on layer 0 (Magenta since May 2017), or with
     * {@code whole_stack} the wrapper around the whole stack (Magenta before May 2017, magenta-js).
     * Usage: ImportBench$Write DIR [layer0|whole_stack]
     */
    public static final class Write {
        private Write() {}

        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Files.createDirectories(dir);
            Random r = new Random(1);
            List<String> names = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            int in = 74;
            int h = 128;
            boolean wholeStack = args.length > 1 && args[1].equals("whole_stack");
            String a = wholeStack ? "rnn/attention_cell_wrapper/" : "rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/";
            String cells = wholeStack ? a + "multi_rnn_cell/" : "rnn/multi_rnn_cell/";
            add(names, shapes, a + "kernel", in + h, in);
            add(names, shapes, a + "bias", in);
            add(names, shapes, a + "attention/attn_w", 1, 1, h, h);
            add(names, shapes, a + "attention/attn_v", h);
            // the query: layer 0's (c, h), or every layer's around the whole stack
            add(names, shapes, a + "attention/kernel", (wholeStack ? 4 : 2) * h, h);
            add(names, shapes, a + "attention/bias", h);
            add(names, shapes, a + "attn_output_projection/kernel", 2 * h, h);
            add(names, shapes, a + "attn_output_projection/bias", h);
            add(names, shapes, (wholeStack ? cells + "cell_0/" : a) + "basic_lstm_cell/kernel", in + h, 4 * h);
            add(names, shapes, (wholeStack ? cells + "cell_0/" : a) + "basic_lstm_cell/bias", 4 * h);
            add(names, shapes, cells + "cell_1/basic_lstm_cell/kernel", 2 * h, 4 * h);
            add(names, shapes, cells + "cell_1/basic_lstm_cell/bias", 4 * h);
            add(names, shapes, "fully_connected/weights", h, 40);
            add(names, shapes, "fully_connected/biases", 40);
            try (EagerSession s = EagerSession.create()) {
                Ops tf = Ops.create(s);
                List<String> all = new ArrayList<>();
                List<Operand<?>> values = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    for (String suffix : new String[] {"", "/Adam", "/Adam_1"}) {
                        long n = Arrays.stream(shapes.get(i)).reduce(1, (x, y) -> x * y);
                        float[] v = new float[(int) n];
                        for (int k = 0; k < v.length; k++) v[k] = (float) (r.nextGaussian() * 0.05);
                        all.add(names.get(i) + suffix);
                        values.add(tf.constant(Shape.of(shapes.get(i)), DataBuffers.of(v, true, false)));
                    }
                }
                all.add("global_step");
                values.add(tf.constant(1000L));
                String[] slices = new String[all.size()];
                Arrays.fill(slices, "");
                tf.train.save(tf.constant(dir.resolve("model.ckpt-1000").toString()),
                        tf.constant(StdArrays.ndCopyOf(all.toArray(String[]::new))),
                        tf.constant(StdArrays.ndCopyOf(slices)), values);
            }
        }

        private static void add(List<String> names, List<long[]> shapes, String name, long... shape) {
            names.add(name);
            shapes.add(shape);
        }
    }
}
