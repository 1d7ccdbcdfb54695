package org.magentajava.models;

import java.util.function.Supplier;
import org.magentajava.events.EncoderDecoder;

/**
 * One named model configuration (Magenta's EventSequenceRnnConfig and MelodyRnnConfig). {@link #hparams()} is
 * the full hyperparameter set after Magenta merges the config's values into the EventSequenceRnnConfig base
 * defaults (batch 64, keep 1.0, clip 3, ...), written in Magenta's "a=1,b=[2,3]" syntax.
 *
 * @param name generator id, e.g. "attention_rnn"
 * @param description Magenta's GeneratorDetails description
 * @param minNote lowest encodable pitch (families without a pitch range: 0)
 * @param maxNote pitch above the highest encodable one (families without a pitch range: 128)
 * @param transposeToKey squash key (0 = C major), null for "do not transpose"
 * @param stepsPerQuarter quantization resolution
 * @param hparams default hyperparameters
 * @param encoderFactory builds this config's encoder (null for {@link Targets#MULTI_HOT} configs, which have none)
 * @param family the {@link ModelFamily#name()} of the family the config belongs to
 * @param targets what the network predicts at each step
 */
public record ModelConfig(String name, String description, int minNote, int maxNote, Integer transposeToKey,
        int stepsPerQuarter, String hparams, Supplier<EncoderDecoder> encoderFactory, String family,
        Targets targets) {

    /**
     * What a config's network predicts at each step, which decides its output head, its loss and its metrics.
     * Code that needs one class per step (an {@link EncoderDecoder}, the event NLL, decoding) asks for
     * {@link #ONE_CLASS} configs only.
     */
    public enum Targets {
        /** One class per step from the config's {@link EncoderDecoder}: a softmax, event NLL (melody, polyphony). */
        ONE_CLASS,
        /**
         * A set of sounding keys per step, one key per pitch of minNote..maxNote−1, as multi-hot inputs and targets:
         * a sigmoid per key, frame NLL and frame accuracy (piano rolls). There is no EncoderDecoder: 2^keys
         * classes cannot be enumerated.
         */
        MULTI_HOT,
        /**
         * A set of sounding keys per step as for {@link #MULTI_HOT}, its probability given by a NADE over the keys
         * whose biases the network gives per step (Magenta's RNN-NADE): exact frame NLL, ancestral sampling.
         */
        MULTI_HOT_NADE,
        /**
         * Per key of minNote..maxNote−1 whether it sounds (plays) and whether it is struck at this step
         * (articulates), as the biaxial RNN learns them: inputs are the previous step's play and articulate rows
         * plus {@link #POSITION_BITS} bits of the position in the bar, targets the step's play then articulate
         * rows. Multi-hot records with frame metrics like {@link #MULTI_HOT}; no EncoderDecoder either.
         */
        NOTE_STATES
    }

    /** Bits of the position in the bar that a {@link Targets#NOTE_STATES} input step ends with. */
    public static final int POSITION_BITS = 4;

    /** EventSequenceRnnConfig's base defaults, less use_cudnn (which the Java trainer does not use). */
    public static final String BASE_HPARAMS = hparams(64, 1.0, 0, 3);

    /** A config with one class per step from {@code encoderFactory}'s encoder. */
    public ModelConfig(String name, String description, int minNote, int maxNote, Integer transposeToKey,
            int stepsPerQuarter, String hparams, Supplier<EncoderDecoder> encoderFactory, String family) {
        this(name, description, minNote, maxNote, transposeToKey, stepsPerQuarter, hparams, encoderFactory, family,
                Targets.ONE_CLASS);
    }

    public ModelConfig {
        if ((encoderFactory == null) != (targets != Targets.ONE_CLASS)) {
            throw new IllegalArgumentException("config " + name + ": one-class configs need an encoder, multi-hot "
                    + "configs have none");
        }
        if (minNote < 0) {
            throw new IllegalArgumentException("min_note must be >= 0. min_note is " + minNote + ".");
        }
        if (maxNote > 128) {
            throw new IllegalArgumentException("max_note must be <= 128. max_note is " + maxNote + ".");
        }
        if (maxNote - minNote < 12) {
            throw new IllegalArgumentException("max_note - min_note must be >= 12.");
        }
        if (transposeToKey != null && (transposeToKey < 0 || transposeToKey > 11)) {
            throw new IllegalArgumentException("transpose_to_key must be >= 0 and <= 11.");
        }
    }

    /** @throws IllegalStateException for a {@link Targets#MULTI_HOT} config, which has no EncoderDecoder */
    public EncoderDecoder encoderDecoder() {
        if (targets != Targets.ONE_CLASS) {
            throw new IllegalStateException(name + " has multi-hot targets, not one class per step: no EncoderDecoder");
        }
        return encoderFactory.get();
    }

    /** Whether the network predicts a set of keys per step ({@link Targets#MULTI_HOT} or {@link Targets#MULTI_HOT_NADE}). */
    public boolean multiHot() {
        return targets != Targets.ONE_CLASS;
    }

    /** Network inputs per step: the encoder's input size, one per key, or the note states' 2 per key and the bar bits. */
    public int inputSize() {
        if (targets == Targets.NOTE_STATES) {
            return 2 * (maxNote - minNote) + POSITION_BITS;
        }
        return multiHot() ? maxNote - minNote : encoderFactory.get().inputSize();
    }

    /** Network outputs per step: the encoder's class count, one sigmoid per key, or play and articulate per key. */
    public int outputSize() {
        if (targets == Targets.NOTE_STATES) {
            return 2 * (maxNote - minNote);
        }
        return multiHot() ? maxNote - minNote : encoderFactory.get().numClasses();
    }

    /**
     * The label of "no event" for the no-event accuracy: the encoder's default event, or 0 for multi-hot configs
     * (whose metrics count sounding frames instead and do not read it).
     */
    public int noEventLabel() {
        return multiHot() ? 0 : encoderFactory.get().defaultEventLabel();
    }

    /** Magenta's hparams string for a 2x128 LSTM with these values and learning rate 0.001. */
    public static String hparams(int batchSize, double keepProb, int attnLength, int clipNorm) {
        return "batch_size=" + batchSize + ",rnn_layer_sizes=[128,128],dropout_keep_prob=" + keepProb
                + ",attn_length=" + attnLength + ",clip_norm=" + clipNorm
                + ",learning_rate=0.001,residual_connections=false";
    }
}
