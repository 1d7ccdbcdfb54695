package org.magentajava.pianoroll;

/**
 * A roll as training pairs: {@code inputs[t]} (the previous step's keys, multi-hot floats) and
 * {@code targets[t]} (step t's key set, multi-hot).
 */
public record EncodedRoll(float[][] inputs, boolean[][] targets) {
    public EncodedRoll {
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(inputs.length + " input steps but " + targets.length + " targets");
        }
    }

    public int steps() {
        return targets.length;
    }
}
