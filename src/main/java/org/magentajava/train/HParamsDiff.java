package org.magentajava.train;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares Magenta-style hparams strings ("batch_size=64,rnn_layer_sizes=[128,128]") by their key/value pairs,
 * so that order and spacing do not matter when a run is resumed.
 */
final class HParamsDiff {
    private HParamsDiff() {
    }

    /** key -> value text; commas inside brackets belong to the value. */
    static Map<String, String> parse(String text) {
        Map<String, String> map = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return map;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == ',' && depth <= 0) {
                String item = text.substring(start, i).trim();
                start = i + 1;
                if (!item.isEmpty()) {
                    int eq = item.indexOf('=');
                    String key = eq < 0 ? item : item.substring(0, eq).trim();
                    String value = eq < 0 ? "" : item.substring(eq + 1).replace(" ", "");
                    map.put(key, value);
                }
            }
        }
        return map;
    }

    /** Hparams that steer training but do not shape the network (use_cudnn is ignored altogether). */
    static final Set<String> TRAINING_ONLY =
            Set.of("batch_size", "dropout_keep_prob", "learning_rate", "clip_norm", "use_cudnn");

    /** The first differing hparam as "name is X in the checkpoint but Y now", or null when they agree. */
    static String difference(String saved, String now) {
        return difference(saved, now, Set.of());
    }

    /** {@link #difference(String, String)} over the keys not in {@code ignored}. */
    static String difference(String saved, String now, Set<String> ignored) {
        Map<String, String> a = parse(saved);
        Map<String, String> b = parse(now);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.removeAll(ignored);
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                return k + " is " + shown(a.get(k)) + " in the checkpoint but " + shown(b.get(k)) + " now";
            }
        }
        return null;
    }

    private static String shown(String v) {
        return v == null ? "unset" : v;
    }
}
