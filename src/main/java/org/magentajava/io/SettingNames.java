package org.magentajava.io;

import java.util.function.UnaryOperator;

/**
 * What the user calls the library's settings. The library names a setting by its field name
 * ({@code num_training_steps}); a front end that exposes it under another name passes its own spelling (the CLI
 * writes {@code --num_training_steps}) to the jobs that print lines naming settings, and rewrites
 * {@link BadSettingException}s with the same function.
 */
@FunctionalInterface
public interface SettingNames extends UnaryOperator<String> {
    /** Settings by their field names, for library users. */
    SettingNames FIELDS = field -> field;
}
