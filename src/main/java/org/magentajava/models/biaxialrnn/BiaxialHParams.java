package org.magentajava.models.biaxialrnn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.io.BadInputException;
import org.magentajava.model.HParamsSyntax;

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
        HParamsSyntax.apply(values, KEYS, " for biaxial_rnn", defaults);
        HParamsSyntax.apply(values, KEYS, " for biaxial_rnn", overrides);
        for (String key : KEYS) {
            if (!values.containsKey(key)) throw bad("hparams lack " + key);
        }
        return new BiaxialHParams(HParamsSyntax.toInt("batch_size", values.get("batch_size")),
                HParamsSyntax.toIntList("time_layer_sizes", values.get("time_layer_sizes"), "[300,300]", false),
                HParamsSyntax.toIntList("note_layer_sizes", values.get("note_layer_sizes"), "[300,300]", false),
                HParamsSyntax.toDouble("dropout_keep_prob", values.get("dropout_keep_prob"), false),
                HParamsSyntax.toDouble("clip_norm", values.get("clip_norm"), false),
                HParamsSyntax.toDouble("learning_rate", values.get("learning_rate"), false),
                HParamsSyntax.toInt("segment_length", values.get("segment_length")),
                HParamsSyntax.toBool("residual_connections", values.get("residual_connections"), false));
    }

    /** Whether the two describe the same network (training-only values may differ). */
    public boolean sameNetwork(BiaxialHParams o) {
        return timeLayerSizes.equals(o.timeLayerSizes) && noteLayerSizes.equals(o.noteLayerSizes)
                && residualConnections == o.residualConnections;
    }

    @Override
    public String toString() {
        return "batch_size=" + batchSize + ",time_layer_sizes=" + HParamsSyntax.list(timeLayerSizes)
                + ",note_layer_sizes=" + HParamsSyntax.list(noteLayerSizes) + ",dropout_keep_prob=" + dropoutKeepProb
                + ",clip_norm=" + clipNorm + ",learning_rate=" + learningRate + ",segment_length=" + segmentLength
                + ",residual_connections=" + residualConnections;
    }

    private static BadInputException bad(String msg) {
        return new BadInputException(msg);
    }
}
