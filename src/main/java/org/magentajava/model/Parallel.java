package org.magentajava.model;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a batch loop in two halves, one on the calling thread and one on a daemon helper. The LSTM time
 * loops run each half of the batch through all steps this way (batch rows are independent through time),
 * per-step GEMMs included, so the two cores meet once per layer rather than several times per step. Each
 * half writes disjoint rows; per-chunk partial sums are combined in a fixed order. Results are
 * deterministic for a given thread count; across thread counts they agree to rounding (GEMM row blocks
 * differ).
 *
 * <p>Threads: system property {@code magentajava.model.threads} (1 or 2), default 2 when the machine has
 * at least two cores.
 */
final class Parallel {
    interface Chunk {
        void run(int chunk, int lo, int hi);
    }

    static final int THREADS = Math.max(1, Math.min(2, Integer.getInteger("magentajava.model.threads",
            Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1)));

    private static final ExecutorService HELPER = THREADS < 2 ? null : Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lstm-helper");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    /** {@link #forRows}, but in one piece on this thread when each half would get fewer than {@code minHalf} rows. */
    static void forRows(int n, int minHalf, Chunk body) {
        if (n < 2 * minHalf) body.run(0, 0, n);
        else forRows(n, body);
    }

    /** Runs {@code body} over [0, n) as chunk 0 [0, n/2) here and chunk 1 [n/2, n) on the helper. */
    static void forRows(int n, Chunk body) {
        if (HELPER == null || n < 2) {
            body.run(0, 0, n);
            return;
        }
        int mid = n / 2;
        Future<?> other = HELPER.submit(() -> body.run(1, mid, n));
        try {
            body.run(0, 0, mid);
        } catch (RuntimeException | Error e) {
            // the helper still writes the shared workspace: let it finish before the caller unwinds
            try {
                other.get();
            } catch (InterruptedException | ExecutionException ignored) {
                // the caller's own failure is the one to report
            }
            throw e;
        }
        try {
            other.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }
}
