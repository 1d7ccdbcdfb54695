package org.magentajava.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The hang rule of the fuzz targets: one input may take at most {@link #LIMIT_MS} ms. An input that finishes late
 * is run again, since the first inputs of a JVM pay for class loading, instrumentation and JIT warm-up on a
 * shared machine; if the second run is late too, it fails with a message starting {@code "hang:"}. One still running after {@link #KILL_MS} ms is written to
 * {@code target/fuzz-hangs/} and the JVM is halted (exit status 3), because a looping thread cannot be stopped.
 */
final class Hang {
    static final long LIMIT_MS = 2_000;
    static final long KILL_MS = 20_000;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuzz-watchdog");
        t.setDaemon(true);
        return t;
    });

    private static final java.util.Set<String> WARM = new java.util.HashSet<>();

    private Hang() {
    }

    static void guard(String target, byte[] input, FuzzTargets.Target body) throws Exception {
        warmUp(target, body);
        long ms = timed(target, input, body);
        if (ms > LIMIT_MS) {
            long again = timed(target, input, body);
            if (again > LIMIT_MS) {
                throw new AssertionError("hang: " + target + " took " + ms + " ms, then " + again + " ms, on a "
                        + input.length + "-byte input");
            }
        }
    }

    /**
     * Runs a target's seeds once, untimed, before its first timed input: loading ND4J and its natives, or the
     * protobuf and pipeline classes under Jazzer's instrumentation, takes seconds that are no input's fault.
     */
    private static synchronized void warmUp(String target, FuzzTargets.Target body) {
        if (!WARM.add(target)) {
            return;
        }
        try {
            for (byte[] seed : SeedCorpus.seeds(target).values()) {
                body.run(seed);
            }
        } catch (Exception | AssertionError e) {
            // a seed that fails is reported when it comes round as an input
        }
    }

    private static long timed(String target, byte[] input, FuzzTargets.Target body) throws Exception {
        ScheduledFuture<?> kill = WATCHDOG.schedule(() -> halt(target, input), KILL_MS, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        try {
            body.run(input);
        } finally {
            kill.cancel(false);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void halt(String target, byte[] input) {
        try {
            Path dir = Path.of("target", "fuzz-hangs");
            Files.createDirectories(dir);
            Path file = dir.resolve(target + "-" + sha1(input));
            Files.write(file, input);
            System.err.println("hang: " + target + " still running after " + KILL_MS + " ms; input saved to " + file);
        } catch (IOException e) {
            System.err.println("hang: " + target + " still running after " + KILL_MS + " ms (" + e + ")");
        }
        System.err.flush();
        Runtime.getRuntime().halt(3);
    }

    private static String sha1(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
