package org.magentajava.model.layers;

/**
 * What one layer of the stack is: its place, widths and wrappers, and the variable scopes Magenta's
 * checkpoints give its parameters.
 *
 * @param stackScope the scope around the stack's {@code multi_rnn_cell}: {@code rnn/}, or
 *     {@code rnn/attention_cell_wrapper/} when attention wraps the whole stack
 * @param attnLength the attention window of an AttentionCellWrapper around this layer's cell; 0 for none
 * @param projection an InputProjectionWrapper maps the input to the layer's width (residual mode)
 * @param residual the layer adds its cell input to its output
 */
public record LayerSpec(String stackScope, int index, int inSize, int size, int attnLength, boolean projection,
                        boolean residual) {
    /** The width the cell reads: the projection's output, or the layer's input. */
    public int cellInSize() {
        return projection ? size : inSize;
    }

    /** The scope of the input projection's kernel and bias (the cell's own scope when there is none). */
    String wrapperScope() {
        return stackScope + "multi_rnn_cell/cell_" + index + "/" + (projection ? "input_projection_wrapper/" : "");
    }

    /** The scope holding {@code basic_lstm_cell/} (and the attention wrapper's parts). */
    String cellScope() {
        return wrapperScope() + (attnLength > 0 ? "attention_cell_wrapper/" : "");
    }
}
