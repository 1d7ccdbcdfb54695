package org.magentajava.importer;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariable;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableDataType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableNumDims;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderGetVariableShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CheckpointReaderSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteCheckpointReader;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewCheckpointReader;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorByteSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.magentajava.io.BadInputException;
import org.tensorflow.internal.c_api.TF_CheckpointReader;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;

/**
 * Reads the variables of a TensorFlow checkpoint with TensorFlow's own checkpoint reader (tensorflow-java's binding
 * of the C API's {@code TF_CheckpointReader}, the reader behind Python's {@code tf.train.list_variables}): V2
 * checkpoints ({@code PREFIX.index} + {@code PREFIX.data-*}) and single-file V1 ones alike.
 */
public final class TfCheckpoint {
    private static final int DT_FLOAT = 1;
    private static final int DT_DOUBLE = 2;

    private TfCheckpoint() {}

    /**
     * Every variable whose name {@code skip} does not reject, sorted by name.
     *
     * @param prefix the checkpoint prefix (a V1 checkpoint's file name)
     * @param source how errors name the checkpoint
     * @throws BadInputException when TensorFlow cannot open it or a kept variable is not floating point
     */
    public static Map<String, CheckpointTensor> read(String prefix, String source, Predicate<String> skip) {
        TF_Status status = TF_NewStatus();
        TF_CheckpointReader reader = null;
        try {
            reader = TF_NewCheckpointReader(prefix, status);
            if (TF_GetCode(status) != 0 || reader == null || reader.isNull()) {
                // a bundle's checkpoint sits in a temporary file: name it as the bundle's part, not by that path
                String why = firstLine(TF_Message(status).getString());
                if (!source.equals(prefix)) why = why.replace(prefix, "its checkpoint_file");
                throw new BadInputException(source + ": not a readable TensorFlow checkpoint (" + why + ")");
            }
            Map<String, CheckpointTensor> out = new TreeMap<>();
            int count = TF_CheckpointReaderSize(reader);
            for (int i = 0; i < count; i++) {
                String name = TF_CheckpointReaderGetVariable(reader, i).getString();
                if (skip.test(name)) continue;
                out.put(name, tensor(reader, status, name, source));
            }
            return out;
        } finally {
            if (reader != null && !reader.isNull()) TF_DeleteCheckpointReader(reader);
            TF_DeleteStatus(status);
        }
    }

    private static CheckpointTensor tensor(TF_CheckpointReader reader, TF_Status status, String name, String source) {
        int dtype = TF_CheckpointReaderGetVariableDataType(reader, name);
        if (dtype != DT_FLOAT && dtype != DT_DOUBLE) {
            throw new BadInputException(source + ": variable " + name + " has TensorFlow data type " + dtype
                    + ", not float32 or float64");
        }
        int rank = TF_CheckpointReaderGetVariableNumDims(reader, name);
        long[] shape = new long[rank];
        TF_CheckpointReaderGetVariableShape(reader, name, shape, rank, status);
        check(status, source, name);
        long n = 1;
        for (long s : shape) n *= s;
        if (n > Integer.MAX_VALUE - 8) {
            throw new BadInputException(source + ": variable " + name + " is too large (" + n + " values)");
        }
        TF_Tensor t = TF_CheckpointReaderGetTensor(reader, name, status);
        try {
            check(status, source, name);
            float[] values = new float[(int) n];
            long bytes = TF_TensorByteSize(t);
            if (bytes != n * (dtype == DT_FLOAT ? 4 : 8)) {
                throw new BadInputException(source + ": variable " + name + " holds " + bytes + " bytes for "
                        + n + " values");
            }
            if (dtype == DT_FLOAT) {
                new FloatPointer(TF_TensorData(t)).capacity(n).get(values);
            } else {
                double[] wide = new double[(int) n];
                new DoublePointer(TF_TensorData(t)).capacity(n).get(wide);
                for (int k = 0; k < wide.length; k++) values[k] = (float) wide[k];
            }
            return new CheckpointTensor(name, shape, values);
        } finally {
            if (t != null && !t.isNull()) TF_DeleteTensor(t);
        }
    }

    private static void check(TF_Status status, String source, String name) {
        if (TF_GetCode(status) != 0) {
            throw new BadInputException(source + ": cannot read variable " + name + " ("
                    + firstLine(TF_Message(status).getString()) + ")");
        }
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
