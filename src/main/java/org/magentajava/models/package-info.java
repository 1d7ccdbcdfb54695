/**
 * The model-family contract: {@link org.magentajava.models.ModelFamily} (configs, dataset pipeline, metrics step,
 * generator) and {@link org.magentajava.models.ModelConfig}. One subpackage per family (melodyrnn,
 * polyphonyrnn), as Magenta keeps one folder per model; the registry package lists them. See
 * docs/ARCHITECTURE.md, "How to add a model family".
 */
package org.magentajava.models;
