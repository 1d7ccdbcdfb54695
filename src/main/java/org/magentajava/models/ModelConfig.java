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
 * @param encoderFactory builds this config's encoder
 * @param family the {@link ModelFamily#name()} of the family the config belongs to
 */
public record ModelConfig(String name, String description, int minNote, int maxNote, Integer transposeToKey,
        int stepsPerQuarter, String hparams, Supplier<EncoderDecoder> encoderFactory, String family) {

    /** EventSequenceRnnConfig's base defaults, less use_cudnn (which the Java trainer does not use). */
    public static final String BASE_HPARAMS = hparams(64, 1.0, 0, 3);

    public ModelConfig {
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

    public EncoderDecoder encoderDecoder() {
        return encoderFactory.get();
    }

    /** Magenta's hparams string for a 2x128 LSTM with these values and learning rate 0.001. */
    public static String hparams(int batchSize, double keepProb, int attnLength, int clipNorm) {
        return "batch_size=" + batchSize + ",rnn_layer_sizes=[128,128],dropout_keep_prob=" + keepProb
                + ",attn_length=" + attnLength + ",clip_norm=" + clipNorm
                + ",learning_rate=0.001,residual_connections=false";
    }
}
