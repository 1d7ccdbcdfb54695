package org.magentajava.model;

import java.util.ArrayList;
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
        apply(values, BASE);
        apply(values, defaults);
        apply(values, overrides);
        return new HParams(
                toInt("batch_size", values.get("batch_size")),
                toIntList("rnn_layer_sizes", values.get("rnn_layer_sizes")),
                toDouble("dropout_keep_prob", values.get("dropout_keep_prob")),
                toInt("attn_length", values.get("attn_length")),
                toDouble("clip_norm", values.get("clip_norm")),
                toDouble("learning_rate", values.get("learning_rate")),
                toBool("residual_connections", values.get("residual_connections")),
                toBool("use_cudnn", values.get("use_cudnn")),
                values.containsKey("nade_hidden_units") ? toInt("nade_hidden_units", values.get("nade_hidden_units")) : 0);
    }

    /** This record with {@code overrides} applied. */
    public HParams with(String overrides) {
        return parse(overrides, toString());
    }

    @Override
    public String toString() {
        StringBuilder sizes = new StringBuilder("[");
        for (int i = 0; i < rnnLayerSizes.size(); i++) sizes.append(i == 0 ? "" : ",").append(rnnLayerSizes.get(i));
        sizes.append(']');
        return "batch_size=" + batchSize + ",rnn_layer_sizes=" + sizes + ",dropout_keep_prob=" + dropoutKeepProb
                + ",attn_length=" + attnLength + ",clip_norm=" + clipNorm + ",learning_rate=" + learningRate
                + ",residual_connections=" + residualConnections + ",use_cudnn=" + useCudnn
                + (nadeHiddenUnits > 0 ? ",nade_hidden_units=" + nadeHiddenUnits : "");
    }

    /** Splits "k=v,k=[a,b],..." (commas inside brackets belong to the value) into the map. */
    private static void apply(Map<String, String> values, String text) {
        if (text == null || text.isBlank()) return;
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '[') depth++;
            else if (ch == ']') depth--;
            if (depth < 0) throw bad("unbalanced ']' in hparams: " + text);
            if (ch == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) throw bad("unbalanced '[' in hparams: " + text);
        parts.add(text.substring(start));
        for (String part : parts) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0) throw bad("hparams entry '" + p + "' is not key=value");
            String key = p.substring(0, eq).strip();
            if (!KEYS.contains(key)) {
                throw bad("unknown hparam '" + key + "'; valid keys: " + String.join(", ", KEYS));
            }
            values.put(key, p.substring(eq + 1).strip());
        }
    }

    private static int toInt(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad("hparam " + key + " needs an integer, got '" + v + "'");
        }
    }

    private static double toDouble(String key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d) || v.matches(".*[a-zA-Z&&[^eE]].*")) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw bad("hparam " + key + " needs a number, got '" + v + "'");
        }
    }

    private static boolean toBool(String key, String v) {
        return switch (v.toLowerCase()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw bad("hparam " + key + " needs true or false, got '" + v + "'");
        };
    }

    private static List<Integer> toIntList(String key, String v) {
        if (!v.startsWith("[") || !v.endsWith("]")) {
            throw bad("hparam " + key + " needs a list like [128,128], got '" + v + "'");
        }
        String inner = v.substring(1, v.length() - 1).strip();
        List<Integer> out = new ArrayList<>();
        if (inner.isEmpty()) return out;
        for (String s : inner.split(",", -1)) {
            try {
                out.add(Integer.parseInt(s.strip()));
            } catch (NumberFormatException e) {
                throw bad("hparam " + key + " needs a list of integers, got '" + v + "'");
            }
        }
        return out;
    }

    private static BadInputException bad(String msg) {
        return new BadInputException(msg);
    }
}
