package org.magentajava.io;

/**
 * A problem with something the user gave us (a file, a flag value). Its message is one line that names the
 * file or flag and the problem; the CLI prints it as is, without a stack trace.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
