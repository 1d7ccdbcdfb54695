package org.magentajava.pianoroll;

import java.util.List;

/**
 * A piano-roll model config: its name, the hyperparameters it trains with by default (Magenta's rnn-nade
 * LSTM stack: three layers of 128, dropout keep 0.5, clip 5) and the roll's key count.
 *
 * @param name        the --config name
 * @param description one line for listings
 * @param hparams     default hyperparameters in Magenta's "a=1,b=[2,3]" syntax
 * @param keys        keys per step (88: MIDI 21..108)
 */
public record PianorollConfig(String name, String description, String hparams, int keys) {

    /** An LSTM stack with a sigmoid per key (binary cross-entropy); each key is sampled independently. */
    public static final PianorollConfig PIANOROLL_RNN = new PianorollConfig("pianoroll_rnn",
            "Piano-roll LSTM with a sigmoid per key.", "batch_size=64,rnn_layer_sizes=[128,128,128],"
                    + "dropout_keep_prob=0.5,attn_length=0,clip_norm=5,learning_rate=0.001,residual_connections=false",
            PianorollSequence.PIANO_KEYS);

    public static List<PianorollConfig> all() {
        return List.of(PIANOROLL_RNN);
    }

    /** The config of that name, or null when it is not a piano-roll config. */
    public static PianorollConfig find(String name) {
        for (PianorollConfig c : all()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
