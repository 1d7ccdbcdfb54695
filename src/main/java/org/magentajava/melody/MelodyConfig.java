package org.magentajava.melody;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.events.LookbackEncoderDecoder;
import org.magentajava.events.OneHotEncoderDecoder;
import org.magentajava.io.BadInputException;
import org.magentajava.poly.PolyphonyOneHotEncoding;

/**
 * melody_rnn's default configs, and polyphony_rnn's {@link #POLYPHONY}, in one place. {@link #hparams()} is the full hyperparameter set after Magenta
 * merges the config's values into the EventSequenceRnnConfig base defaults (batch 64, keep 1.0, clip 3, ...),
 * written in Magenta's "a=1,b=[2,3]" syntax.
 *
 * @param name generator id, e.g. "attention_rnn"
 * @param description Magenta's GeneratorDetails description
 * @param minNote lowest encodable pitch
 * @param maxNote pitch above the highest encodable one
 * @param transposeToKey squash key (0 = C major), null for "do not transpose"
 * @param stepsPerQuarter quantization resolution
 * @param hparams default hyperparameters
 * @param encoderFactory builds this config's encoder
 * @param polyphonic true for polyphony_rnn's config, whose events are {@link org.magentajava.poly.PolyphonicEvent}s
 *     rather than melody events (min/max note and key then only describe the full MIDI range)
 */
public record MelodyConfig(String name, String description, int minNote, int maxNote, Integer transposeToKey,
        int stepsPerQuarter, String hparams, Supplier<EncoderDecoder> encoderFactory, boolean polyphonic) {

    public static final int DEFAULT_MIN_NOTE = 48;
    public static final int DEFAULT_MAX_NOTE = 84;
    public static final int DEFAULT_TRANSPOSE_TO_KEY = 0;
    public static final int DEFAULT_STEPS_PER_QUARTER = 4;

    /** EventSequenceRnnConfig's base defaults, less use_cudnn (which the Java trainer does not use). */
    public static final String BASE_HPARAMS = hparams(64, 1.0, 0, 3);

    /** A melody config. */
    public MelodyConfig(String name, String description, int minNote, int maxNote, Integer transposeToKey,
            int stepsPerQuarter, String hparams, Supplier<EncoderDecoder> encoderFactory) {
        this(name, description, minNote, maxNote, transposeToKey, stepsPerQuarter, hparams, encoderFactory, false);
    }

    public MelodyConfig {
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

    public static final MelodyConfig BASIC_RNN = new MelodyConfig("basic_rnn", "Melody RNN with one-hot encoding.",
            DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE, DEFAULT_TRANSPOSE_TO_KEY, DEFAULT_STEPS_PER_QUARTER,
            hparams(128, 0.5, 0, 5), () -> oneHot(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE));

    public static final MelodyConfig MONO_RNN = new MelodyConfig("mono_rnn", "Monophonic RNN with one-hot encoding.",
            0, 128, null, DEFAULT_STEPS_PER_QUARTER, hparams(128, 0.5, 0, 5), () -> oneHot(0, 128));

    public static final MelodyConfig LOOKBACK_RNN = new MelodyConfig("lookback_rnn",
            "Melody RNN with lookback encoding.", DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE, DEFAULT_TRANSPOSE_TO_KEY,
            DEFAULT_STEPS_PER_QUARTER, hparams(128, 0.5, 0, 5), () -> lookback(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE));

    public static final MelodyConfig ATTENTION_RNN = new MelodyConfig("attention_rnn",
            "Melody RNN with lookback encoding and attention.", DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE,
            DEFAULT_TRANSPOSE_TO_KEY, DEFAULT_STEPS_PER_QUARTER, hparams(128, 0.5, 40, 3),
            () -> new KeyMelodyEncoderDecoder(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE));

    /**
     * polyphony_rnn's only config: one-hot over the 259 polyphonic events, 4 steps per quarter, batch 64,
     * layers [256,256,256], keep 0.5, clip 5.
     */
    public static final MelodyConfig POLYPHONY = new MelodyConfig("polyphony", "Polyphonic RNN", 0, 128, null,
            DEFAULT_STEPS_PER_QUARTER, "batch_size=64,rnn_layer_sizes=[256,256,256],dropout_keep_prob=0.5,"
                    + "attn_length=0,clip_norm=5,learning_rate=0.001,residual_connections=false",
            () -> new OneHotEncoderDecoder(new PolyphonyOneHotEncoding()), true);

    private static final Map<String, MelodyConfig> BY_NAME =
            index(BASIC_RNN, MONO_RNN, LOOKBACK_RNN, ATTENTION_RNN, POLYPHONY);

    /** The encoder names of --melody_encoder_decoder. */
    public static final List<String> ENCODER_NAMES = List.of("onehot", "lookback", "key");

    /** The four melody configs ({@link #POLYPHONY} is not among them; {@link #byName} knows all five). */
    public static List<MelodyConfig> all() {
        return BY_NAME.values().stream().filter(c -> !c.polyphonic()).toList();
    }

    /** @throws BadInputException naming the valid configs */
    public static MelodyConfig byName(String name) {
        MelodyConfig config = BY_NAME.get(name);
        if (config == null) {
            throw new BadInputException("unknown config '" + name + "'; valid configs: "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return config;
    }

    /**
     * The config melody_rnn builds for --melody_encoder_decoder (onehot | lookback | key): 48..84, key 0 and
     * only the base hyperparameters, under the given generator id.
     */
    public static MelodyConfig forEncoderName(String encoderName, String generatorId, String description) {
        Supplier<EncoderDecoder> factory = switch (encoderName) {
            case "onehot" -> () -> oneHot(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE);
            case "lookback" -> () -> lookback(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE);
            case "key" -> () -> new KeyMelodyEncoderDecoder(DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE);
            default -> throw new BadInputException("unknown melody encoder '" + encoderName + "'; valid encoders: "
                    + String.join(", ", ENCODER_NAMES));
        };
        return new MelodyConfig(generatorId == null ? "" : generatorId, description == null ? "" : description,
                DEFAULT_MIN_NOTE, DEFAULT_MAX_NOTE, DEFAULT_TRANSPOSE_TO_KEY, DEFAULT_STEPS_PER_QUARTER,
                BASE_HPARAMS, factory);
    }

    public EncoderDecoder encoderDecoder() {
        return encoderFactory.get();
    }

    private static EncoderDecoder oneHot(int min, int max) {
        return new OneHotEncoderDecoder(new MelodyOneHotEncoding(min, max));
    }

    private static EncoderDecoder lookback(int min, int max) {
        return new LookbackEncoderDecoder(new MelodyOneHotEncoding(min, max));
    }

    private static String hparams(int batchSize, double keepProb, int attnLength, int clipNorm) {
        return "batch_size=" + batchSize + ",rnn_layer_sizes=[128,128],dropout_keep_prob=" + keepProb
                + ",attn_length=" + attnLength + ",clip_norm=" + clipNorm
                + ",learning_rate=0.001,residual_connections=false";
    }

    private static Map<String, MelodyConfig> index(MelodyConfig... configs) {
        Map<String, MelodyConfig> map = new LinkedHashMap<>();
        for (MelodyConfig c : configs) {
            map.put(c.name(), c);
        }
        return map;
    }
}
