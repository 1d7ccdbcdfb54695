package org.magentajava.generate;

import java.util.random.RandomGenerator;

/** Returns the given uniforms in order from nextDouble(), so a search's every draw is chosen by the test. */
final class ScriptedRandom implements RandomGenerator {
    private final double[] uniforms;
    private int next;

    ScriptedRandom(double... uniforms) {
        this.uniforms = uniforms;
    }

    @Override
    public double nextDouble() {
        if (next == uniforms.length) {
            throw new AssertionError("more than the " + uniforms.length + " scripted draws were taken");
        }
        return uniforms[next++];
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("only nextDouble() is scripted");
    }

    int used() {
        return next;
    }
}
