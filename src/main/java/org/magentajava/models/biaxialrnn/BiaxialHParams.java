package org.magentajava.models.biaxialrnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.io.BadInputException;

/**
 * The biaxial RNN's hyperparameters in Magenta's "k=v,k=[a,b]" syntax.
 *
 * @param batchSize        sequences per training batch
 * @param timeLayerSizes   the time-axis LSTM stack (Johnson: [300,300])
 * @param noteLayerSizes   the note-axis LSTM stack (Johnson: [100,50])
 * @param dropoutKeepProb  keep probability of every LSTM layer's output in training (Johnson: 0.5)
 * @param clipNorm         per-tensor gradient clipping norm
 * @param learningRate     Adam's learning rate
 * @param segmentLength    training reads a random window of at most this many steps of each sequence (Johnson:
 *                         128); evaluation reads whole sequences in windows of this length, carrying the state
 * @param residualConnections each LSTM layer of both axes adds its input to its output (Magenta's
 *                         residual_connections, with an input projection where the width changes; not Johnson's):
 *                         without them the stack of four LSTM layers sits at the keys' base rates for a long
 *                         plateau before it uses the previous step (BENCHMARKS.md)
 */
public record BiaxialHParams(int batchSize, List<Integer> timeLayerSizes, List<Integer> noteLayerSizes,
        double dropoutKeepProb, double clipNorm, double learningRate, int segmentLength,
        boolean residualConnections) {

    public static final List<String> KEYS = List.of("batch_size", "time_layer_sizes", "note_layer_sizes",
            "dropout_keep_prob", "clip_norm", "learning_rate", "segment_length", "residual_connections");

    public static final BiaxialHParams DEFAULTS = new BiaxialHParams(8, List.of(300, 300), List.of(100, 50), 0.5,
            5, 0.001, 128, true);

    public BiaxialHParams {
        timeLayerSizes = List.copyOf(timeLayerSizes);
        noteLayerSizes = List.copyOf(noteLayerSizes);
        if (batchSize < 1) throw bad("batch_size must be positive, got " + batchSize);
        if (timeLayerSizes.isEmpty() || noteLayerSizes.isEmpty()) {
            throw bad("time_layer_sizes and note_layer_sizes must not be empty");
        }
        for (int s : timeLayerSizes) if (s < 1) throw bad("time_layer_sizes must be positive, got " + timeLayerSizes);
        for (int s : noteLayerSizes) if (s < 1) throw bad("note_layer_sizes must be positive, got " + noteLayerSizes);
        if (!(dropoutKeepProb > 0 && dropoutKeepProb <= 1)) {
            throw bad("dropout_keep_prob must be in (0, 1], got " + dropoutKeepProb);
        }
        if (!(clipNorm > 0)) throw bad("clip_norm must be positive, got " + clipNorm);
        if (!(learningRate > 0)) throw bad("learning_rate must be positive, got " + learningRate);
        if (segmentLength < 1) throw bad("segment_length must be positive, got " + segmentLength);
    }

    /** {@code overrides} applied over {@code defaults} (both in the k=v syntax; blank overrides change nothing). */
    public static BiaxialHParams parse(String overrides, String defaults) {
        Map<String, String> values = new LinkedHashMap<>();
        apply(values, defaults);
        apply(values, overrides);
        for (String key : KEYS) {
            if (!values.containsKey(key)) throw bad("hparams lack " + key);
        }
        return new BiaxialHParams(toInt("batch_size", values.get("batch_size")),
                toIntList("time_layer_sizes", values.get("time_layer_sizes")),
                toIntList("note_layer_sizes", values.get("note_layer_sizes")),
                toDouble("dropout_keep_prob", values.get("dropout_keep_prob")),
                toDouble("clip_norm", values.get("clip_norm")),
                toDouble("learning_rate", values.get("learning_rate")),
                toInt("segment_length", values.get("segment_length")),
                toBool("residual_connections", values.get("residual_connections")));
    }

    /** Whether the two describe the same network (training-only values may differ). */
    public boolean sameNetwork(BiaxialHParams o) {
        return timeLayerSizes.equals(o.timeLayerSizes) && noteLayerSizes.equals(o.noteLayerSizes)
                && residualConnections == o.residualConnections;
    }

    @Override
    public String toString() {
        return "batch_size=" + batchSize + ",time_layer_sizes=" + list(timeLayerSizes) + ",note_layer_sizes="
                + list(noteLayerSizes) + ",dropout_keep_prob=" + dropoutKeepProb + ",clip_norm=" + clipNorm
                + ",learning_rate=" + learningRate + ",segment_length=" + segmentLength + ",residual_connections="
                + residualConnections;
    }

    private static String list(List<Integer> sizes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < sizes.size(); i++) sb.append(i == 0 ? "" : ",").append(sizes.get(i));
        return sb.append(']').toString();
    }

    /** Splits "k=v,k=[a,b]" (commas inside brackets belong to the value) into the map. */
    private static void apply(Map<String, String> values, String text) {
        if (text == null || text.isBlank()) return;
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '[') depth++;
            if (ch == ']' && --depth < 0) throw bad("unbalanced ']' in hparams: " + text);
            if (ch == ',' && depth == 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (depth != 0) throw bad("unbalanced '[' in hparams: " + text);
        parts.add(cur.toString());
        for (String p : parts) {
            if (p.isBlank()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0) throw bad("hparams entry '" + p.trim() + "' is not key=value");
            String key = p.substring(0, eq).trim();
            if (!KEYS.contains(key)) {
                throw bad("unknown hparam '" + key + "' for biaxial_rnn; valid keys: " + String.join(", ", KEYS));
            }
            values.put(key, p.substring(eq + 1).trim());
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
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw bad("hparam " + key + " needs a number, got '" + v + "'");
        }
    }

    private static boolean toBool(String key, String v) {
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw bad("hparam " + key + " needs true or false, got '" + v + "'");
        };
    }

    private static List<Integer> toIntList(String key, String v) {
        if (!v.startsWith("[") || !v.endsWith("]")) {
            throw bad("hparam " + key + " needs a list like [300,300], got '" + v + "'");
        }
        List<Integer> out = new ArrayList<>();
        for (String s : v.substring(1, v.length() - 1).split(",", -1)) {
            try {
                out.add(Integer.parseInt(s.trim()));
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
