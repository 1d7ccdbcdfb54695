package org.magentajava.pianoroll;

import java.math.BigInteger;

/**
 * note_seq's PianorollEncoderDecoder over {@code keys} keys (88 by default): a step's input is the multi-hot
 * vector of its keys. Magenta's class index of a step (the sum of 2^key, up to 2^88) survives here only for
 * conformance; training targets are the multi-hot key sets themselves.
 *
 * <p>{@link #encode} gives the pairs Magenta's pianoroll graph trains on: at step t the input is step t-1's
 * keys (silence before the first step) and the target is step t's key set, so every step of the roll is
 * predicted once. (Magenta writes the roll's steps as its "inputs" and shifts them inside the graph.)
 */
public final class PianorollEncoderDecoder {
    private final int keys;

    public PianorollEncoderDecoder() {
        this(PianorollSequence.PIANO_KEYS);
    }

    public PianorollEncoderDecoder(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("key count must be positive, got " + keys);
        }
        this.keys = keys;
    }

    /** Width of one input step and of one target step. */
    public int inputSize() {
        return keys;
    }

    /** 2^keys: Magenta's num_classes, one class per key set. */
    public BigInteger numClasses() {
        return BigInteger.ONE.shiftLeft(keys);
    }

    /** The multi-hot vector of a step's keys. */
    public float[] input(int[] stepKeys) {
        float[] x = new float[keys];
        for (int k : stepKeys) {
            x[checked(k)] = 1f;
        }
        return x;
    }

    /** The multi-hot target of a step's keys. */
    public boolean[] target(int[] stepKeys) {
        boolean[] y = new boolean[keys];
        for (int k : stepKeys) {
            y[checked(k)] = true;
        }
        return y;
    }

    /** Magenta's events_to_label: the sum of 2^key over the step's keys. */
    public BigInteger classIndex(int[] stepKeys) {
        BigInteger label = BigInteger.ZERO;
        for (int k : stepKeys) {
            label = label.setBit(checked(k));
        }
        return label;
    }

    /** Magenta's class_index_to_event: the keys whose bits are set, ascending. */
    public int[] keysOfClass(BigInteger classIndex) {
        if (classIndex.signum() < 0 || classIndex.bitLength() > keys) {
            throw new IllegalArgumentException("class index " + classIndex + " outside 0.." + numClasses()
                    .subtract(BigInteger.ONE));
        }
        return classIndex.getLowestSetBit() < 0 ? new int[0]
                : java.util.stream.IntStream.range(0, keys).filter(classIndex::testBit).toArray();
    }

    /** Magenta's extend_event_sequences for one sequence: appends the keys set in a sampled 0/1 vector. */
    public PianorollSequence extend(PianorollSequence roll, boolean[] sample) {
        if (sample.length != keys) {
            throw new IllegalArgumentException("sample has " + sample.length + " keys, expected " + keys);
        }
        return roll.append(PianorollSequence.keysOf(sample));
    }

    /** Inputs and multi-hot targets of a whole roll, one pair per step (see the class comment). */
    public EncodedRoll encode(PianorollSequence roll) {
        if (roll.width() != keys) {
            throw new IllegalArgumentException("roll has " + roll.width() + " keys, the encoder " + keys);
        }
        int n = roll.numSteps();
        float[][] inputs = new float[n][];
        boolean[][] targets = new boolean[n][];
        for (int t = 0; t < n; t++) {
            inputs[t] = t == 0 ? new float[keys] : input(roll.keys(t - 1));
            targets[t] = target(roll.keys(t));
        }
        return new EncodedRoll(inputs, targets);
    }

    /** The input of the step after {@code roll}'s last: its last step's keys (silence for an empty roll). */
    public float[] nextInput(PianorollSequence roll) {
        return roll.numSteps() == 0 ? new float[keys] : input(roll.keys(roll.numSteps() - 1));
    }

    private int checked(int key) {
        if (key < 0 || key >= keys) {
            throw new IllegalArgumentException("key " + key + " outside 0.." + (keys - 1));
        }
        return key;
    }
}
