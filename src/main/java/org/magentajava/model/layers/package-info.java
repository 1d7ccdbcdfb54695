/**
 * The recurrent layers of {@code model.LstmNetwork} and {@code model.LstmStack}: the LSTM layer, the layer whose
 * cell Magenta's AttentionCellWrapper wraps, each with its own workspace of named buffers, the whole-stack
 * wrapper, the stack that runs them forward and backward through time, and the dense output layer. Imports
 * only {@code model.ops}.
 */
package org.magentajava.model.layers;
