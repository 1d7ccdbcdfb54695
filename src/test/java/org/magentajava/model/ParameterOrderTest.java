package org.magentajava.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layers create their parameters in Magenta's order and shapes: the order network files list them in (so
 * a checkpoint's bytes depend on it) and the one {@link NetworkWeights#shapes} writes out by hand for readers
 * that build no network.
 */
class ParameterOrderTest {
    @Test
    void layersCreateTheParametersNetworkFilesList() {
        for (String hp : new String[] {"rnn_layer_sizes=[6,5]", "rnn_layer_sizes=[5,4],attn_length=3",
                "rnn_layer_sizes=[4,4,5],attn_length=2,residual_connections=true"}) {
            HParams h = HParams.parse(hp);
            Map<String, INDArray> built = new LstmNetwork(3, 7, 0, h, 1, DataType.FLOAT).parameters();
            Map<String, long[]> listed = NetworkWeights.shapes(3, 7, h);
            assertEquals(new ArrayList<>(listed.keySet()), new ArrayList<>(built.keySet()), hp);
            listed.forEach((name, shape) -> assertArrayEquals(shape, built.get(name).shape(), hp + " " + name));
        }
    }

    /** The residual attention stack by hand: layer 0 projects 3 inputs to 4, layer 2 projects 4 to 5. */
    @Test
    void residualAttentionStackInMagentasOrder() {
        HParams hp = HParams.parse("rnn_layer_sizes=[4,4,5],attn_length=2,residual_connections=true");
        List<String> names = new ArrayList<>(new LstmNetwork(3, 7, 0, hp, 1, DataType.FLOAT).parameters().keySet());
        String c0 = "rnn/multi_rnn_cell/cell_0/input_projection_wrapper/";
        String a0 = c0 + "attention_cell_wrapper/";
        String c2 = "rnn/multi_rnn_cell/cell_2/input_projection_wrapper/";
        assertEquals(List.of(c0 + "kernel", c0 + "bias", a0 + "kernel", a0 + "bias",
                a0 + "basic_lstm_cell/kernel", a0 + "basic_lstm_cell/bias",
                a0 + "attention/attn_w", a0 + "attention/attn_v", a0 + "attention/kernel", a0 + "attention/bias",
                a0 + "attn_output_projection/kernel", a0 + "attn_output_projection/bias",
                "rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel", "rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias",
                c2 + "kernel", c2 + "bias", c2 + "basic_lstm_cell/kernel", c2 + "basic_lstm_cell/bias",
                "fully_connected/weights", "fully_connected/biases"), names);
    }
}
