package org.magentajava.train;

import org.magentajava.io.BadInputException;

/** Training diverged: the loss became NaN (Magenta's NanTensorHook). The message says what to try. */
public final class NanLossException extends BadInputException {
    private final long step;

    public NanLossException(String message, long step) {
        super(message);
        this.step = step;
    }

    public long step() {
        return step;
    }
}
