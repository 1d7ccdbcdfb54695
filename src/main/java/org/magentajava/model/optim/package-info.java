/** The optimizer: TensorFlow's Adam after tf_slim's per-tensor gradient clipping. Imports only {@code model.ops}. */
package org.magentajava.model.optim;
