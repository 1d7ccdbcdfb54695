package org.magentajava.models.biaxialrnn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.magentajava.data.DatasetBuilder;
import org.magentajava.generate.Primer;
import org.magentajava.generate.SearchSettings;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.generate.StepModel;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.models.DatasetSettings;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.models.TrainedNetwork;
import org.magentajava.pianoroll.PianorollSequence;
import org.magentajava.train.MetricCounts;

/**
 * Daniel Johnson's biaxial RNN (BALSTM in "Generating Polyphonic Music Using Tied Parallel Networks", 2017), not
 * in Magenta: an LSTM stack along time run once per key with weights tied across keys, then an LSTM stack along
 * the keys of each step, predicting whether each key plays and whether it is struck. It reads the piano-roll
 * pipeline's data as {@link org.magentajava.biaxial.NoteStates}. Its network, training and generation are its
 * own ({@link BiaxialNetwork}, {@link BiaxialModel}, {@link BiaxialGenerator}), not the shared LSTM and beam
 * search: the family contract's network methods ({@link #newNetwork}, {@link #readNetwork}) hand them to the
 * shared commands, with its typed {@link BiaxialHParams}.
 */
public final class BiaxialRnn implements ModelFamily {

    public static final String NAME = "biaxial_rnn";

    /** 88 keys from MIDI 21 at 4 steps per quarter; Johnson's sizes: time axis 2 × 300, note axis 100 and 50. */
    public static final ModelConfig BIAXIAL_RNN = new ModelConfig(NAME,
            "Biaxial RNN: time-axis LSTMs tied across keys, note-axis LSTMs across each step's keys.",
            PianorollSequence.MIN_MIDI_PITCH, PianorollSequence.MIN_MIDI_PITCH + PianorollSequence.PIANO_KEYS, null, 4,
            BiaxialHParams.DEFAULTS.toString(), null, NAME, ModelConfig.Targets.NOTE_STATES);

    public static final BiaxialRnn FAMILY = new BiaxialRnn();

    /** The generator options it reads: a chord primer and the frame rate (besides a MIDI primer, temperature and seed). */
    private static final Set<String> OPTIONS = Set.of(SequenceGenerator.Options.PRIMER_PITCHES,
            SequenceGenerator.Options.STEPS_PER_QUARTER);

    private BiaxialRnn() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelConfig> configs() {
        return List.of(BIAXIAL_RNN);
    }

    @Override
    public DatasetNames datasetNames() {
        return new DatasetNames(BiaxialDataset.TRAINING, BiaxialDataset.EVAL, "note-state roll", "note-state rolls",
                "steps");
    }

    @Override
    public Set<String> datasetSettings() {
        return DatasetSettings.PIANOROLL_SETTINGS;
    }

    /** @throws org.magentajava.io.BadInputException for settings out of range */
    @Override
    public DatasetBuilder.Extractor datasetExtractor(ModelConfig config, DatasetSettings s) {
        return BiaxialDataset.extractor(s.pianoroll());
    }

    @Override
    public int stepLabel() {
        return MetricCounts.EVERY_LABEL;
    }

    /** The quarter-note bundle trained on Nottingham (bundles/README.md); it records its frame rate. */
    @Override
    public Optional<String> defaultBundle(ModelConfig config) {
        return Optional.of("bundles/biaxial_rnn.mag");
    }

    @Override
    public Set<String> generatorOptions() {
        return OPTIONS;
    }

    /** The other generator options belong to beam search over events, which note-by-note sampling has not. */
    @Override
    public void checkGeneratorOptions(Collection<String> given) {
        if (!OPTIONS.containsAll(given)) {
            throw notesOneByOne();
        }
    }

    /** What generate refuses for this family: melody primers, the polyphony primer options and beam search. */
    static BadSettingException notesOneByOne() {
        return new BadSettingException(List.of("primer_melody", "primer_midi", "primer_pitches", "temperature", "seed"),
                NAME + " samples note by note: it takes {primer_midi} or {primer_pitches}, {temperature} and {seed}, "
                        + "not {primer_melody}, the polyphony primer options or beam search");
    }

    /** Whether {@code settings} search a beam, which note-by-note sampling does not. */
    static boolean searchesBeam(SearchSettings settings) {
        return settings.beamSize() != 1 || settings.branchFactor() != 1 || settings.stepsPerIteration() != 1;
    }

    @Override
    public Optional<String> defaultPrimerFile() {
        return Optional.empty();
    }

    /** No primer: generation starts from silence, in 4/4. */
    @Override
    public Primer fallbackPrimer(double qpm) {
        return Primer.silence(qpm, "none (from silence)");
    }

    /**
     * A chord struck at 0 and held for one quarter note at {@code qpm}, in 4/4 (primer_pitches).
     *
     * @throws BadInputException for a pitch off the piano
     */
    @Override
    public Primer chordPrimer(int[] pitches, double qpm) {
        int low = PianorollSequence.MIN_MIDI_PITCH;
        int high = low + PianorollSequence.PIANO_KEYS - 1;
        for (int p : pitches) {
            if (p < low || p > high) {
                throw new BadInputException("primer pitch " + p + " is off the piano (MIDI " + low + ".." + high + ")");
            }
        }
        return Primer.chord(pitches, qpm);
    }

    /** The shared network's step models cannot drive the biaxial network: its generator comes from {@link #readNetwork}. */
    @Override
    public <S> SequenceGenerator generator(ModelConfig config, StepModel<S> model) {
        throw new UnsupportedOperationException(NAME + " generates on its own network (BiaxialGenerator)");
    }

    /** A fresh biaxial network: {@code hparams} over the config's {@link BiaxialHParams}. */
    @Override
    public NewNetwork newNetwork(ModelConfig config, String hparams, long seed) {
        BiaxialHParams hp = BiaxialHParams.parse(hparams, config.hparams());
        return new NewNetwork(BiaxialModel.create(hp, seed), hp.toString(), hp.batchSize(), "");
    }

    @Override
    public boolean ownNetwork() {
        return true;
    }

    /** A biaxial model from its checkpoint state or bundle weights ({@link BiaxialModel#write}). */
    @Override
    public TrainedNetwork readNetwork(byte[] state, String source) throws IOException {
        return new BiaxialTrainedNetwork(BiaxialModel.read(new ByteArrayInputStream(state), source));
    }
}
