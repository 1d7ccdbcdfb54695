package org.magentajava.models;

import java.io.IOException;
import java.nio.file.Path;
import org.magentajava.generate.SequenceGenerator;
import org.magentajava.train.SkipLog;

/**
 * A trained network of a family that brings its own kind of network ({@link ModelFamily#ownNetwork()}, e.g.
 * biaxial_rnn), read by {@link ModelFamily#readNetwork}. {@code bundle.TrainedModel} holds one where it would
 * hold the shared LstmNetwork, and hands evaluation, generation and bundles to it; the shared LSTM's own code
 * paths never see it.
 */
public interface TrainedNetwork {

    /** Its hyperparameters in Magenta's "k=v" syntax, as messages and checkpoints give them. */
    String hparams();

    /**
     * Refuses hyperparameters a caller restates (generate's hparams) that describe another network; values that
     * only steer training may differ, and a blank string checks nothing.
     *
     * @param source the model's file, for the message
     * @throws org.magentajava.io.BadSettingException naming the field "hparams"
     */
    void checkHParams(String hparams, String source);

    /**
     * Scores a whole SequenceExample file made for {@code config}: what evaluate prints.
     *
     * @param skips where unusable records are reported
     */
    Evaluation evaluate(ModelConfig config, Path file, int batchSize, SkipLog skips) throws IOException;

    /** The weights as a bundle's checkpoint_file holds them: no optimizer state. */
    byte[] weights() throws IOException;

    /** A generator over this network. */
    SequenceGenerator generator(ModelConfig config);
}
