package org.magentajava.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.data.DatasetMetadata;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.generate.StepModel;
import org.magentajava.train.TrainableModel;

/**
 * One kind of model, as Magenta keeps one folder per model under {@code models/} (melody_rnn, polyphony_rnn):
 * its named configs, how its datasets are extracted, its network, what its metrics count as a step, and how it
 * generates. The commands reach a family only through this interface, found by config name in the registry
 * ({@code org.magentajava.registry.ModelRegistry}).
 *
 * <p>Most families share one network, Magenta's events-RNN ({@link SharedLstm}): the defaults of the network
 * methods below. A family with a network of its own (biaxial_rnn) overrides {@link #newNetwork},
 * {@link #ownNetwork()} and {@link #readNetwork}; training, evaluation, bundles and generation then reach its
 * network through {@link TrainedNetwork}, and its typed hyperparameters stay inside its package.
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
     * Whether create-dataset chooses the frame rate of this family's datasets ({@code steps_per_quarter}), so that
     * a trained model must record it; false where Magenta fixes the rate (melody_rnn, polyphony_rnn).
     */
    default boolean choosesStepsPerQuarter() {
        return datasetSettings().contains(DatasetSettings.STEPS_PER_QUARTER);
    }

    /**
     * What create-dataset writes beside a dataset of {@code config} made with {@code settings}: the config and every
     * setting this family reads; empty for a family whose rate is fixed, whose dataset folders stay as Magenta's.
     */
    default Optional<DatasetMetadata> datasetMetadata(ModelConfig config, DatasetSettings settings) {
        if (!choosesStepsPerQuarter()) {
            return Optional.empty();
        }
        Map<String, String> read = new LinkedHashMap<>();
        for (String name : DatasetSettings.NAMES) {
            if (datasetSettings().contains(name)) {
                read.put(name, settings.value(name));
            }
        }
        return Optional.of(DatasetMetadata.of(config.name(), settings.stepsPerQuarter(), read));
    }

    /**
     * The frame rate of the dataset holding {@code datasetFile}, from the metadata create-dataset wrote beside it;
     * empty when the folder has none, when that metadata is another family's (a folder holding two datasets), or
     * when this family's rate is fixed.
     *
     * @throws org.magentajava.io.BadInputException when the metadata file is unreadable as such
     */
    default OptionalInt datasetStepsPerQuarter(Path datasetFile) throws IOException {
        if (!choosesStepsPerQuarter()) {
            return OptionalInt.empty();
        }
        Optional<DatasetMetadata> m = DatasetMetadata.beside(datasetFile);
        if (m.isEmpty() || configs().stream().noneMatch(c -> c.name().equals(m.get().config()))) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(m.get().stepsPerQuarter());
    }

    /**
     * Whether each config's events are a melody's (one note or rest per step), which the melody tools need (the
     * n-gram baseline).
     */
    default boolean melodic() {
        return false;
    }

    /**
     * The class that ends one musical step, for loss_per_step (polyphony's STEP_END), or
     * {@code org.magentajava.train.MetricCounts.EVERY_LABEL} when every label is a step.
     */
    int stepLabel();

    /**
     * Whether the family has a generator. When false, generate refuses its configs in one line before loading
     * anything, and the generation methods below ({@link #defaultBundle}, {@link #fallbackPrimer},
     * {@link #generator}) throw {@link UnsupportedOperationException}.
     */
    default boolean generates() {
        return true;
    }

    /**
     * The shipped bundle of {@code config} (one of this family's) that generate uses when only the config is
     * named, relative to the install; empty when none ships for it (generate then asks for a run or a bundle).
     */
    Optional<String> defaultBundle(ModelConfig config);

    /** The generator options ({@link SequenceGenerator.Options} names) this family reads. */
    Set<String> generatorOptions();

    /**
     * Refuses, in the family's own words, generator options (Magenta's names) it does not read, before the
     * generic refusal that names the families which do; the default leaves them all to the generic one.
     *
     * @throws org.magentajava.io.BadSettingException naming the options
     */
    default void checkGeneratorOptions(Collection<String> given) {
    }

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

    /** A generator for a trained shared network of {@code config}, driven through {@code model}. */
    <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model);

    /**
     * A fresh network for a training run of {@code config}: {@code hparams} (Magenta's "k=v" syntax, blank for
     * none) over the config's defaults, parsed into the family's typed hyperparameters and checked there.
     *
     * @throws org.magentajava.io.BadInputException for an unknown key or a bad value, listing the valid keys
     */
    default NewNetwork newNetwork(ModelConfig config, String hparams, long seed) {
        return SharedLstm.newNetwork(config, hparams, seed);
    }

    /**
     * Whether the family's networks are its own kind ({@link #readNetwork}) rather than the shared LstmNetwork,
     * whose checkpoints, bundles and imports the shared code reads.
     */
    default boolean ownNetwork() {
        return false;
    }

    /**
     * A trained network of the family's own kind from the bytes its {@link TrainableModel#writeState} wrote (a
     * checkpoint's model state) or {@link TrainedNetwork#weights()} wrote (a bundle's checkpoint_file).
     *
     * @param source the file they came from, for messages
     * @throws org.magentajava.io.BadInputException naming the source when the bytes are not such a network
     * @throws UnsupportedOperationException for a family on the shared network
     */
    default TrainedNetwork readNetwork(byte[] state, String source) throws IOException {
        throw new UnsupportedOperationException(name() + " uses the shared LstmNetwork");
    }

    /**
     * A fresh network for training, as the train command starts it.
     *
     * @param model     the network as the trainer drives it
     * @param hparams   its full hyperparameters in Magenta's syntax (stored in every checkpoint)
     * @param batchSize sequences per training batch, from the hyperparameters
     * @param note      what to add to the "training ..." line ("" or e.g. " (attention loops: simd-256)")
     */
    record NewNetwork(TrainableModel model, String hparams, int batchSize, String note) {
    }


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
