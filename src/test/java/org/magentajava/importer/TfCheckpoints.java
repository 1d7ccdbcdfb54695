package org.magentajava.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;

/** Writes real TensorFlow checkpoints with tensorflow-java's save ops, as Magenta's Saver does. */
final class TfCheckpoints {
    private TfCheckpoints() {}

    /** A V2 checkpoint (SaveV2: PREFIX.index + PREFIX.data-00000-of-00001), plus a global_step. */
    static synchronized void saveV2(Path prefix, Map<String, MagentaWeights.Tensor> tensors, boolean withTrainingState) {
        try (EagerSession s = EagerSession.create()) {
            Ops tf = Ops.create(s);
            List<String> names = new ArrayList<>();
            List<Operand<?>> values = new ArrayList<>();
            tensors.forEach((name, t) -> {
                names.add(name);
                values.add(constant(tf, t));
                if (withTrainingState) {
                    // Adam's slots ride along in a training run's checkpoints
                    names.add(name + "/Adam");
                    values.add(constant(tf, t));
                    names.add(name + "/Adam_1");
                    values.add(constant(tf, t));
                }
            });
            if (withTrainingState) {
                names.add("global_step");
                values.add(tf.constant(1234L));
                names.add("beta1_power");
                values.add(tf.constant(0.9f));
                names.add("beta2_power");
                values.add(tf.constant(0.999f));
            }
            String[] slices = new String[names.size()];
            java.util.Arrays.fill(slices, ""); // whole tensors, no partitions
            tf.train.save(tf.constant(prefix.toString()), tf.constant(StdArrays.ndCopyOf(names.toArray(String[]::new))),
                    tf.constant(StdArrays.ndCopyOf(slices)), values);
        }
    }

    /** A single-file V1 checkpoint (SaveSlices, the table format inside Magenta's .mag bundles). */
    static synchronized void saveV1(Path file, Map<String, MagentaWeights.Tensor> tensors) {
        try (EagerSession s = EagerSession.create()) {
            Ops tf = Ops.create(s);
            List<String> names = new ArrayList<>(tensors.keySet());
            List<Operand<?>> values = new ArrayList<>();
            tensors.values().forEach(t -> values.add(constant(tf, t)));
            String[] slices = new String[names.size()];
            java.util.Arrays.fill(slices, "");
            tf.train.saveSlices(tf.constant(file.toString()), tf.constant(StdArrays.ndCopyOf(names.toArray(String[]::new))),
                    tf.constant(StdArrays.ndCopyOf(slices)), values);
        }
    }

    private static Operand<?> constant(Ops tf, MagentaWeights.Tensor t) {
        return tf.constant(Shape.of(t.shape()), DataBuffers.of(t.values(), true, false));
    }
}
