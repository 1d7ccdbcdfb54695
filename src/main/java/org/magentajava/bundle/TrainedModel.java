package org.magentajava.bundle;

import org.magentajava.data.DatasetMetadata;
import org.magentajava.io.BadSettingException;
import org.magentajava.model.AttentionWrap;
import org.magentajava.model.HParams;
import org.magentajava.model.InferenceNetwork;
import org.magentajava.model.LstmNetwork;
import org.magentajava.model.NetworkWeights;
import org.magentajava.events.RepeatBias;
import org.magentajava.events.SequenceEvents;
import org.magentajava.models.Evaluation;
import org.magentajava.models.ModelFamily;
import org.magentajava.models.SharedLstm;
import org.magentajava.models.TrainedNetwork;
import org.magentajava.train.Checkpoints;
import org.magentajava.train.EventClasses;
import org.magentajava.models.ModelConfig;
import org.magentajava.registry.ModelRegistry;
import org.magentajava.train.Evaluator;
import org.magentajava.train.NetworkModel;
import org.magentajava.train.RunDirs;
import org.magentajava.train.SkipLog;
import org.magentajava.util.Words;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A trained network with its config, from a bundle or from a checkpoint of a training run. The shared network
 * (an LstmNetwork) is read as plain weights: generation runs them on {@link #inferenceNetwork()} without ND4J,
 * and the training network ({@link #network()}, for evaluation) is built from them on first use. A family with
 * a network of its own (biaxial_rnn) reads it itself ({@link ModelFamily#readNetwork}) and this model hands
 * evaluation, hparams checks and generation to it ({@link #ownNetwork()}). Not thread-safe.
 */
public final class TrainedModel {
    private final ModelConfig config;
    private final String source;
    private NetworkWeights weights;
    private LstmNetwork network;
    private InferenceNetwork inference;
    private final TrainedNetwork own;
    private RepeatBias repeatBias = RepeatBias.NONE;
    private int recordedStepsPerQuarter;

    /** A model whose training network is already built. */
    public TrainedModel(ModelConfig config, LstmNetwork network, String source) {
        this.config = config;
        this.network = java.util.Objects.requireNonNull(network, "network");
        this.own = null;
        this.source = source;
    }

    /** A model read as plain weights (the training network is built when first asked for). */
    public TrainedModel(ModelConfig config, NetworkWeights weights, String source) {
        this.config = config;
        this.weights = java.util.Objects.requireNonNull(weights, "weights");
        this.own = null;
        this.source = source;
    }

    /** A model of a family whose network is its own. */
    public TrainedModel(ModelConfig config, TrainedNetwork network, String source) {
        this.config = config;
        this.own = java.util.Objects.requireNonNull(network, "network");
        this.source = source;
    }

    public ModelConfig config() {
        return config;
    }

    /** The repeat correction its bundle carries ({@link RepeatBias#NONE} for checkpoints and most bundles). */
    public RepeatBias repeatBias() {
        return repeatBias;
    }

    /**
     * The frame rate the model recorded at training, in steps per quarter note (create-dataset's steps_per_quarter,
     * kept by train in its checkpoints and by save-bundle in the bundle); empty for a model whose dataset recorded
     * none (older datasets, Magenta's, and every config whose rate is fixed).
     */
    public OptionalInt recordedStepsPerQuarter() {
        return recordedStepsPerQuarter > 0 ? OptionalInt.of(recordedStepsPerQuarter) : OptionalInt.empty();
    }

    /** The frame rate the model works at: the one it recorded, else its config's default. */
    public int stepsPerQuarter() {
        return recordedStepsPerQuarter > 0 ? recordedStepsPerQuarter : config.stepsPerQuarter();
    }

    /** The network of a family that brings its own; empty for the shared LstmNetwork. */
    public Optional<TrainedNetwork> ownNetwork() {
        return Optional.ofNullable(own);
    }

    /** Where the model came from (the bundle or checkpoint file), for messages. */
    public String source() {
        return source;
    }

    /** The shared network's hyperparameters, without building anything. */
    public HParams hparams() {
        requireShared();
        return weights != null ? weights.hparams() : network.hparams();
    }

    /** The shared training network (ND4J), built from the weights on first use. */
    public LstmNetwork network() {
        requireShared();
        if (network == null) {
            network = weights.toNetwork();
        }
        return network;
    }

    /**
     * Whether generation can run on {@link #inferenceNetwork()}: every network but one whose attention wraps the
     * whole stack (imported from Magenta before May 2017) or with a NADE head, which run on the training network.
     */
    public boolean hasInferenceNetwork() {
        requireShared();
        return (weights != null ? weights.attentionWrap() : network.attentionWrap()) != AttentionWrap.WHOLE_STACK
                && (weights != null ? weights.head() : network.head()) != org.magentajava.model.Head.NADE;
    }

    /** The plain-Java network for generation (no ND4J when the model was read as weights). */
    public InferenceNetwork inferenceNetwork() {
        requireShared();
        if (inference == null) {
            if (weights == null) {
                weights = NetworkWeights.of(network);
            }
            inference = InferenceNetwork.of(weights);
        }
        return inference;
    }

    /**
     * Loads from exactly one of {@code runDir} and {@code bundleFile}; when {@code expectedConfig} is given it must
     * name the model's config.
     */
    public static TrainedModel load(Path runDir, Path bundleFile, String expectedConfig) throws IOException {
        return load(runDir, RunDirs.LATEST, null, bundleFile, expectedConfig);
    }

    /**
     * Loads from exactly one of {@code runDir} (its checkpoint {@code checkpoint}: latest, best or a global step,
     * see {@link RunDirs#load}), {@code checkpointFile} and {@code bundleFile}.
     */
    public static TrainedModel load(Path runDir, String checkpoint, Path checkpointFile, Path bundleFile,
                                    String expectedConfig) throws IOException {
        int given = (runDir == null ? 0 : 1) + (checkpointFile == null ? 0 : 1) + (bundleFile == null ? 0 : 1);
        if (given != 1) {
            throw new BadSettingException(List.of("run_dir", "checkpoint_file", "bundle_file"),
                    "give exactly one of {run_dir}, {checkpoint_file} and {bundle_file}");
        }
        TrainedModel m;
        if (runDir != null || checkpointFile != null) {
            Checkpoints.Loaded loaded = RunDirs.checkpoint(runDir != null ? RunDirs.checkpointFile(runDir, checkpoint)
                    : checkpointFile);
            ModelConfig cfg = ModelRegistry.config(loaded.header().configName());
            ModelFamily family = ModelRegistry.family(cfg);
            String file = loaded.file().toString();
            m = family.ownNetwork() ? new TrainedModel(cfg, family.readNetwork(loaded.modelState(), file), file)
                    : new TrainedModel(cfg, RunDirs.weights(loaded).network(), file);
            m.recordedStepsPerQuarter = loaded.header().stepsPerQuarter();
        } else {
            Bundle.Weights b = Bundle.loadWeights(bundleFile);
            String file = bundleFile.toString();
            m = b.own() != null ? new TrainedModel(b.config(), b.own(), file)
                    : b.network() != null ? new TrainedModel(b.config(), b.network(), file)
                    : new TrainedModel(b.config(), b.built(), file);
            m.repeatBias = b.repeatBias();
            m.recordedStepsPerQuarter = b.stepsPerQuarter();
        }
        if (expectedConfig != null && !ModelRegistry.config(expectedConfig).name().equals(m.config().name())) {
            throw new BadSettingException("config", m.source() + " holds " + Words.a(m.config().name())
                    + " model, but {config} is " + expectedConfig + "; drop {config} or pass {config} "
                    + m.config().name());
        }
        return m;
    }

    /** The output head a shared network of {@code config} has: softmax, a sigmoid per key, or a NADE over the keys. */
    public static org.magentajava.model.Head head(ModelConfig config) {
        return SharedLstm.head(config);
    }

    /**
     * Scores a whole SequenceExample file made for this model's config: the figures evaluate prints (the
     * family's own for a network of its own, else by the config's targets, {@link Evaluation#of}).
     *
     * @param skips where unusable records are reported
     */
    public Evaluation evaluate(Path file, int batchSize, SkipLog skips) throws IOException {
        // frames of another rate than the model learned score as nonsense
        DatasetMetadata.checkRate(source, recordedStepsPerQuarter, file,
                ModelRegistry.family(config).datasetStepsPerQuarter(file).orElse(0),
                "; evaluate it on a file of a dataset made at that rate");
        if (own != null) {
            return own.evaluate(config, file, batchSize, skips);
        }
        ModelFamily family = ModelRegistry.family(config);
        Evaluator.Score score = Evaluator.score(new NetworkModel(network()), file, batchSize, config.noEventLabel(),
                family.stepLabel(), eventClasses(config), skips);
        Evaluation e = Evaluation.of(config, family, score);
        if (repeatBias.isNone()) {
            return e;
        }
        // a calibrated bundle: the network's own figures above, then the event NLL of what it generates from
        RepeatFit fit = RepeatFit.score(this, file, repeatBias);
        List<Evaluation.Figure> figures = new java.util.ArrayList<>(e.figures());
        figures.add(new Evaluation.Figure("repeat_log_odds", repeatBias.logOdds(),
                "the bundle's repeated-pitch correction"));
        figures.add(new Evaluation.Figure("calibrated_event_nll", fit.calibratedEventNll(),
                "event_nll with that correction, nats per step: the model generate samples from"));
        return new Evaluation(e.data(), figures);
    }

    /**
     * Checks hyperparameters a caller restates ({@code "rnn_layer_sizes=[64,64]"}): they may repeat, but not
     * change, what the trained network is; a blank string checks nothing.
     *
     * @throws BadSettingException naming the field "hparams" and the network's real architecture
     */
    public void checkHParams(String hparams) {
        if (hparams.isBlank()) {
            return;
        }
        if (own != null) {
            own.checkHParams(hparams, source);
            return;
        }
        HParams have = hparams();
        HParams want = HParams.parse(hparams, have.toString());
        if (!want.rnnLayerSizes().equals(have.rnnLayerSizes()) || want.attnLength() != have.attnLength()
                || want.residualConnections() != have.residualConnections()
                || want.nadeHiddenUnits() != have.nadeHiddenUnits()) {
            throw new BadSettingException("hparams", "{hparams} \"" + hparams + "\" does not match " + source
                    + ", which has rnn_layer_sizes=" + have.rnnLayerSizes() + ", attn_length=" + have.attnLength()
                    + ", residual_connections=" + have.residualConnections()
                    + (have.nadeHiddenUnits() > 0 ? ", nade_hidden_units=" + have.nadeHiddenUnits() : ""));
        }
    }

    /**
     * The event classes of {@code config}'s encoder for the event NLL: {@link EventClasses#LABELS} when each
     * event has one class, else every class that decodes to each label's event and every class's event group
     * (for the event argmax). Multi-hot configs have no event
     * classes; their metrics (frame NLL) do not read them, so they get {@link EventClasses#LABELS}.
     */
    public static EventClasses eventClasses(ModelConfig config) {
        if (config.multiHot()) {
            return EventClasses.LABELS;
        }
        SequenceEvents events = new SequenceEvents(config.encoderDecoder());
        return events.labelsAreEvents() ? EventClasses.LABELS
                : EventClasses.of(events::eventClasses, events::classGroups);
    }

    /** The shared network's accessors have no meaning for a network of a family's own. */
    private void requireShared() {
        if (own != null) {
            throw new IllegalStateException(source + " holds " + Words.a(config.name()) + " network of its own, not "
                    + "the shared LstmNetwork");
        }
    }
}
