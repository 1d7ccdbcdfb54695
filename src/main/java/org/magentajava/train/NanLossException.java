package org.magentajava.train;

import org.magentajava.io.BadSettingException;

/**
 * Training diverged: the loss became NaN (Magenta's NanTensorHook). The message says what to try in the
 * {@code hparams} setting.
 */
public final class NanLossException extends BadSettingException {
    private final long step;

    /** @param template the message, naming the hparams setting as {@code {hparams}} */
    public NanLossException(String template, long step) {
        super("hparams", template);
        this.step = step;
    }

    public long step() {
        return step;
    }
}
