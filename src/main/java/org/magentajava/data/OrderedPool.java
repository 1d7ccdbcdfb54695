package org.magentajava.data;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs tasks on a fixed number of threads and hands their results back in submission order, with a bounded
 * number in flight: batch jobs use all cores, keep memory flat, and still write deterministic output.
 */
final class OrderedPool<T> implements AutoCloseable {
    private final ExecutorService pool;
    private final ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
    private final int window;

    OrderedPool(int threads, String name) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.window = threads * 8;
    }

    /** True when no more tasks should be submitted before taking a result. */
    boolean full() {
        return inFlight.size() >= window;
    }

    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    void submit(Callable<T> task) {
        inFlight.add(pool.submit(task));
    }

    /** The result of the oldest task, waiting for it. A task's exception is a bug: it is rethrown unchecked. */
    T next() throws IOException {
        Future<T> f = inFlight.poll();
        if (f == null) {
            throw new IllegalStateException("no task in flight");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
