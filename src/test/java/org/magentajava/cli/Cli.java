package org.magentajava.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process as a user would, capturing its exit code, stdout and stderr. */
final class Cli {
    record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            int code = MelodyCli.run(args);
            // Jazzer's agent (attached by the fuzz tests earlier in the same JVM) announces every class it
            // instruments on stderr; a class the CLI loads for the first time would otherwise show up here.
            return new Result(code, out.toString(), err.toString().replaceAll("(?m)^INFO: Instrumented .*\\R", ""));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
