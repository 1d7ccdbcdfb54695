package org.magentajava.models;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.generate.StepModel;

/**
 * One kind of model, as Magenta keeps one folder per model under {@code models/} (melody_rnn, polyphony_rnn):
 * its named configs, how its datasets are extracted, what its metrics count as a step, and how it generates.
 * The commands reach a family only through this interface, found by config name in the registry
 * ({@code org.magentajava.registry.ModelRegistry}); the network, training and bundles are shared.
 */
public interface ModelFamily {

    /** Magenta's name for the model, e.g. "melody_rnn". */
    String name();

    /** The family's configs, in Magenta's order; every name is unique across all families. */
    List<ModelConfig> configs();

    /** File names and nouns of this family's datasets. */
    DatasetNames datasetNames();

    /** The {@link DatasetSettings} names this family reads; other settings must stay at their defaults. */
    Set<String> datasetSettings();

    /**
     * The per-sequence work of the family's create_dataset for {@code config}.
     *
     * @throws org.magentajava.io.BadInputException for settings out of range
     */
    DatasetBuilder.Extractor datasetExtractor(ModelConfig config, DatasetSettings settings);

    /**
     * The class that ends one musical step, for loss_per_step (polyphony's STEP_END), or
     * {@code org.magentajava.train.MetricCounts.EVERY_LABEL} when every label is a step.
     */
    int stepLabel();

    /**
     * Whether the family has a generator. When false, generate refuses its configs in one line before loading
     * anything, and the generation methods below ({@link #defaultBundle()}, {@link #fallbackPrimer},
     * {@link #generator}) throw {@link UnsupportedOperationException}.
     */
    default boolean generates() {
        return true;
    }

    /** The shipped bundle that generate uses for this family when no model is named, relative to the install. */
    String defaultBundle();

    /** The generator options ({@link SequenceGenerator.Options} names) this family reads. */
    Set<String> generatorOptions();

    /** The primer file generate continues when given no primer, relative to the install, if the family has one. */
    Optional<String> defaultPrimerFile();

    /** The primer when none is given and there is no default file: Magenta's default for the family. */
    Primer fallbackPrimer(double qpm);

    /**
     * A chord primer (--primer_pitches) for families whose {@link #generatorOptions()} name
     * {@link SequenceGenerator.Options#PRIMER_PITCHES}.
     */
    default Primer chordPrimer(int[] pitches, double qpm) {
        throw new IllegalStateException(name() + " takes no chord primer");
    }

    /**
     * A primer written as a piano roll (--primer_pianoroll: each step's MIDI pitches, {@code stepsPerQuarter}
     * steps per quarter) for families whose {@link #generatorOptions()} name
     * {@link SequenceGenerator.Options#PRIMER_PIANOROLL}.
     */
    default Primer pianorollPrimer(List<int[]> steps, int stepsPerQuarter, double qpm) {
        throw new IllegalStateException(name() + " takes no piano-roll primer");
    }

    /** A generator for a trained model of {@code config}. */
    <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model);


    /**
     * Dataset file names (without .tfrecord) and the nouns of the create-dataset summary.
     *
     * @param training file of the training split, e.g. "training_melodies"
     * @param eval     file of the eval split
     * @param one      one example, e.g. "melody"
     * @param many     several examples
     * @param stepUnit what one label is, e.g. "steps" or "events"
     */
    record DatasetNames(String training, String eval, String one, String many, String stepUnit) {
    }
}
