package org.magentajava.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters and histograms keyed by the Magenta stage that sets them. Magenta prints a statistic as
 * {@code <stage>_<mode>_<name>} (e.g. MelodyExtractor_training_melodies_truncated); {@link Key#qualified}
 * builds that name. Counters a stage creates but never increments are kept at 0, as Magenta reports them.
 * Mutable and not thread-safe: each pipeline call fills its own instance.
 */
public final class Statistics {

    public static final String TIME_CHANGE_SPLITTER = "TimeChangeSplitter";
    public static final String QUANTIZER = "Quantizer";
    public static final String TRANSPOSITION = "TranspositionPipeline";
    public static final String MELODY_EXTRACTOR = "MelodyExtractor";
    public static final String ENCODER = "EncoderPipeline";

    /** A statistic's stage and its unprefixed name. */
    public record Key(String stage, String name) {
        /** The name Magenta prints for a stage instance named {@code stage + "_" + mode}. */
        public String qualified(String mode) {
            return stage + "_" + mode + "_" + name;
        }
    }

    private final Map<Key, Long> counters = new LinkedHashMap<>();
    private final Map<Key, Histogram> histograms = new LinkedHashMap<>();

    public void add(String stage, String name, long increment) {
        counters.merge(new Key(stage, name), increment, Long::sum);
    }

    /** The counter's value, 0 when the stage never set it. */
    public long count(String stage, String name) {
        return counters.getOrDefault(new Key(stage, name), 0L);
    }

    public boolean has(String stage, String name) {
        return counters.containsKey(new Key(stage, name));
    }

    public void addHistogram(String stage, Histogram histogram) {
        Key key = new Key(stage, histogram.name());
        Histogram existing = histograms.get(key);
        if (existing == null) {
            histograms.put(key, histogram.copy());
        } else {
            existing.mergeFrom(histogram);
        }
    }

    public Histogram histogram(String stage, String name) {
        return histograms.get(new Key(stage, name));
    }

    public Map<Key, Long> counters() {
        return Collections.unmodifiableMap(counters);
    }

    public Map<Key, Histogram> histograms() {
        return Collections.unmodifiableMap(histograms);
    }

    public void mergeFrom(Statistics other) {
        other.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
        other.histograms.forEach((k, h) -> addHistogram(k.stage(), h));
    }

    @Override
    public String toString() {
        return "Statistics" + counters + histograms.keySet();
    }
}
