package org.magentajava.models;

import org.magentajava.model.HParams;
import org.magentajava.model.Head;
import org.magentajava.model.LstmNetwork;
import org.magentajava.train.NetworkModel;

/**
 * The network most families share: Magenta's events-RNN, an {@link LstmNetwork} whose output head follows the
 * config's targets, with Magenta's hyperparameters ({@link HParams}). What {@link ModelFamily}'s network methods
 * do unless a family brings a network of its own.
 */
public final class SharedLstm {
    private SharedLstm() {
    }

    /** The output head a network of {@code config} has: softmax, a sigmoid per key, or a NADE over the keys. */
    public static Head head(ModelConfig config) {
        return switch (config.targets()) {
            case ONE_CLASS -> Head.SOFTMAX;
            case MULTI_HOT, NOTE_STATES -> Head.SIGMOID;
            case MULTI_HOT_NADE -> Head.NADE;
        };
    }

    /**
     * A fresh float32 network for {@code config}: {@code hparams} (Magenta's syntax) over the config's defaults.
     *
     * @throws org.magentajava.io.BadInputException for an unknown key or a bad value, listing the valid keys
     */
    public static ModelFamily.NewNetwork newNetwork(ModelConfig config, String hparams, long seed) {
        HParams hp = HParams.parse(hparams, config.hparams());
        NetworkModel model = NetworkModel.create(config.inputSize(), config.outputSize(), config.noEventLabel(), hp,
                seed, head(config));
        String kernels = hp.attnLength() > 0 ? " (attention loops: " + LstmNetwork.attentionKernel() + ")" : "";
        return new ModelFamily.NewNetwork(model, hp.toString(), hp.batchSize(), kernels);
    }
}
