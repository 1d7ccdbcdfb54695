package org.magentajava.cli;

import picocli.CommandLine.Option;

/** The batch jobs' shared flags: worker threads (all cores by default) and Magenta's --log, accepted and ignored. */
final class WorkerThreads {
    static {
        System.setProperty("melody.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Option(names = {"--num_threads", "--num-threads"}, paramLabel = "N", defaultValue = "${sys:melody.cores}",
            description = "Worker threads (default: all cores).")
    int numThreads;

    @Option(names = "--log", defaultValue = "INFO", hidden = true, description = "Accepted for Magenta compatibility.")
    String log;
}
