/**
 * The network's plumbing: GEMMs on row-range views of ND4J buffers, activations, the thread pool that splits a
 * batch, named parameters and the attention-window kernels. Public so that {@code model}, {@code model.layers}
 * and {@code model.optim} can share it; other packages use {@code model}'s types. Imports no project package.
 */
package org.magentajava.model.ops;
