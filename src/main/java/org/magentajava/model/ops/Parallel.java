package org.magentajava.model.ops;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a batch loop into one chunk per thread: chunk 0 on the calling thread, the others on daemon helpers.
 * The LSTM time loops run each chunk of the batch through all steps this way (batch rows are independent
 * through time), per-step GEMMs included, so the threads meet once per layer rather than several times per
 * step. Each chunk writes disjoint rows; per-chunk partial sums are combined in chunk order. Results are
 * deterministic for a given thread count; across thread counts they agree to rounding (GEMM row blocks and
 * the order of partial sums differ).
 *
 * <p>Threads: system property {@code magentajava.model.threads}, default the number of available processors
 * (the JVM's, so a container's CPU limit counts); 1 runs everything on the calling thread.
 */
public final class Parallel {
    /** One chunk's share of a loop over [0, n): rows [lo, hi), {@code chunk} in [0, {@link #THREADS}). */
    public interface Chunk {
        void run(int chunk, int lo, int hi);
    }

    /** The configured thread count: what every per-chunk array is sized by. */
    public static final int THREADS = configured(System.getProperty("magentajava.model.threads"),
            Runtime.getRuntime().availableProcessors());

    private static final ExecutorService HELPERS = THREADS < 2 ? null : Executors.newFixedThreadPool(THREADS - 1,
            new java.util.concurrent.ThreadFactory() {
                private final AtomicInteger made = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "lstm-helper-" + made.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });

    private Parallel() {}

    /**
     * The thread count a property value asks for: a positive integer, or {@code cores} when the value is
     * missing, not a number or below 1.
     */
    static int configured(String value, int cores) {
        if (value != null) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // fall through to the default, as Integer.getInteger does
            }
        }
        return Math.max(1, cores);
    }

    /** {@link #forRows}, but with fewer chunks where a chunk would get fewer than {@code minChunk} rows. */
    public static void forRows(int n, int minChunk, Chunk body) {
        run(n, Math.min(THREADS, n / Math.max(1, minChunk)), body);
    }

    /** Runs {@code body} over [0, n) in up to {@link #THREADS} nearly equal chunks, chunk 0 on this thread. */
    public static void forRows(int n, Chunk body) {
        run(n, Math.min(THREADS, n), body);
    }

    /** Where the chunks of {@link #forRows(int, Chunk)} over [0, n) start, and n at the end. */
    public static int[] bounds(int n) {
        int chunks = HELPERS == null ? 1 : Math.max(1, Math.min(THREADS, n));
        int[] b = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) b[c] = bound(n, c, chunks);
        return b;
    }

    /**
     * Runs {@code body} on the chunks [bounds[c], bounds[c+1]) (at most {@link #THREADS} of them, e.g. from
     * {@link #bounds}, or balanced by work), chunk 0 on this thread.
     */
    public static void forRanges(int[] bounds, Chunk body) {
        int chunks = bounds.length - 1;
        if (chunks > THREADS) throw new IllegalArgumentException(chunks + " chunks for " + THREADS + " threads");
        run(chunks, c -> bounds[c], body);
    }

    private static void run(int n, int chunks, Chunk body) {
        if (HELPERS == null || chunks < 2) {
            body.run(0, 0, n);
            return;
        }
        run(chunks, c -> bound(n, c, chunks), body);
    }

    /** Chunk c is [start(c), start(c + 1)). */
    private static void run(int chunks, java.util.function.IntUnaryOperator start, Chunk body) {
        if (HELPERS == null || chunks < 2) {
            body.run(0, start.applyAsInt(0), start.applyAsInt(chunks));
            return;
        }
        Future<?>[] others = new Future<?>[chunks];
        for (int c = 1; c < chunks; c++) {
            int chunk = c;
            int lo = start.applyAsInt(c);
            int hi = start.applyAsInt(c + 1);
            others[c] = HELPERS.submit(() -> body.run(chunk, lo, hi));
        }
        try {
            body.run(0, start.applyAsInt(0), start.applyAsInt(1));
        } catch (RuntimeException | Error e) {
            // the helpers still write the shared workspace: let them finish before the caller unwinds
            for (int c = 1; c < chunks; c++) {
                try {
                    others[c].get();
                } catch (InterruptedException | ExecutionException ignored) {
                    // the caller's own failure is the one to report
                }
            }
            throw e;
        }
        Throwable failure = null;
        for (int c = 1; c < chunks; c++) {
            try {
                others[c].get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** Where chunk {@code c} of {@code chunks} starts in [0, n): chunk 1 of 2 starts at n / 2. */
    static int bound(int n, int c, int chunks) {
        return (int) ((long) n * c / chunks);
    }
}
