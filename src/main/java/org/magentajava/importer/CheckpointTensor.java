package org.magentajava.importer;

import java.util.Arrays;

/**
 * One float tensor as a checkpoint stores it: its variable name, shape and values in row-major order (float32 is
 * what Magenta trains and magenta-js ships; wider types are narrowed on reading).
 */
public record CheckpointTensor(String name, long[] shape, float[] values) {
    public CheckpointTensor {
        shape = shape.clone();
        long n = 1;
        for (long s : shape) n *= s;
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                    + " values, not " + values.length);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
