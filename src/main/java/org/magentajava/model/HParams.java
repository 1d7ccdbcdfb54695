package org.magentajava.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.io.BadInputException;

/**
 * Magenta's events-RNN hyperparameters, parsed from its {@code "a=1,b=[64,64]"} syntax.
 *
 * <p>{@code use_cudnn} is accepted and kept (Magenta ignores it with a warning); {@link #toString()} writes
 * every key in Magenta's order so the result parses back to an equal record. {@code nade_hidden_units}
 * (pianoroll_rnn_nade's NADE width) is 0 for networks without a NADE, and then left out of {@link #toString()},
 * so the hparams of every other network read exactly as before.
 */
public record HParams(
        int batchSize,
        List<Integer> rnnLayerSizes,
        double dropoutKeepProb,
        int attnLength,
        double clipNorm,
        double learningRate,
        boolean residualConnections,
        boolean useCudnn,
        int nadeHiddenUnits) {

    /** Magenta's base hparams (events_rnn_model.EventSequenceRnnConfig defaults). */
    public static final String BASE = "batch_size=64,rnn_layer_sizes=[128,128],dropout_keep_prob=1.0,"
            + "attn_length=0,clip_norm=3,learning_rate=0.001,residual_connections=false,use_cudnn=false";

    private static final List<String> KEYS = List.of("batch_size", "rnn_layer_sizes", "dropout_keep_prob",
            "attn_length", "clip_norm", "learning_rate", "residual_connections", "use_cudnn", "nade_hidden_units");

    public HParams {
        rnnLayerSizes = List.copyOf(rnnLayerSizes);
        if (batchSize <= 0) throw bad("batch_size must be positive, got " + batchSize);
        if (rnnLayerSizes.isEmpty()) throw bad("rnn_layer_sizes must not be empty");
        for (int s : rnnLayerSizes) if (s <= 0) throw bad("rnn_layer_sizes must be positive, got " + rnnLayerSizes);
        if (!(dropoutKeepProb > 0 && dropoutKeepProb <= 1)) {
            throw bad("dropout_keep_prob must be in (0, 1], got " + dropoutKeepProb);
        }
        if (attnLength < 0) throw bad("attn_length must be >= 0, got " + attnLength);
        if (!(clipNorm > 0)) throw bad("clip_norm must be positive, got " + clipNorm);
        if (!(learningRate > 0)) throw bad("learning_rate must be positive, got " + learningRate);
        if (nadeHiddenUnits < 0) throw bad("nade_hidden_units must be >= 0, got " + nadeHiddenUnits);
    }

    /** Hparams of a network without a NADE (nade_hidden_units 0). */
    public HParams(int batchSize, List<Integer> rnnLayerSizes, double dropoutKeepProb, int attnLength,
            double clipNorm, double learningRate, boolean residualConnections, boolean useCudnn) {
        this(batchSize, rnnLayerSizes, dropoutKeepProb, attnLength, clipNorm, learningRate, residualConnections,
                useCudnn, 0);
    }

    /** Magenta's base defaults. */
    public static HParams base() {
        return parse(BASE);
    }

    /** Parses a complete hparams string over Magenta's base defaults. */
    public static HParams parse(String text) {
        return parse(text, BASE);
    }

    /**
     * Parses {@code overrides} on top of {@code defaults} (itself layered over {@link #BASE}); both use the
     * same syntax. Later keys win.
     */
    public static HParams parse(String overrides, String defaults) {
        Map<String, String> values = new LinkedHashMap<>();
        HParamsSyntax.apply(values, KEYS, "", BASE);
        HParamsSyntax.apply(values, KEYS, "", defaults);
        HParamsSyntax.apply(values, KEYS, "", overrides);
        return new HParams(
                HParamsSyntax.toInt("batch_size", values.get("batch_size")),
                HParamsSyntax.toIntList("rnn_layer_sizes", values.get("rnn_layer_sizes"), "[128,128]", true),
                HParamsSyntax.toDouble("dropout_keep_prob", values.get("dropout_keep_prob"), true),
                HParamsSyntax.toInt("attn_length", values.get("attn_length")),
                HParamsSyntax.toDouble("clip_norm", values.get("clip_norm"), true),
                HParamsSyntax.toDouble("learning_rate", values.get("learning_rate"), true),
                HParamsSyntax.toBool("residual_connections", values.get("residual_connections"), true),
                HParamsSyntax.toBool("use_cudnn", values.get("use_cudnn"), true),
                values.containsKey("nade_hidden_units")
                        ? HParamsSyntax.toInt("nade_hidden_units", values.get("nade_hidden_units")) : 0);
    }

    /** This record with {@code overrides} applied. */
    public HParams with(String overrides) {
        return parse(overrides, toString());
    }

    @Override
    public String toString() {
        return "batch_size=" + batchSize + ",rnn_layer_sizes=" + HParamsSyntax.list(rnnLayerSizes)
                + ",dropout_keep_prob=" + dropoutKeepProb
                + ",attn_length=" + attnLength + ",clip_norm=" + clipNorm + ",learning_rate=" + learningRate
                + ",residual_connections=" + residualConnections + ",use_cudnn=" + useCudnn
                + (nadeHiddenUnits > 0 ? ",nade_hidden_units=" + nadeHiddenUnits : "");
    }

    private static BadInputException bad(String msg) {
        return new BadInputException(msg);
    }
}
