package org.magentajava.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on stderr: rewritten in place on a terminal, a new line every few seconds otherwise (so logs of
 * batch jobs stay short).
 */
final class Progress {
    private final PrintStream err;
    private final String unit;
    private final boolean tty;
    private final long startNanos = System.nanoTime();
    private final long intervalNanos;
    private long lastPrint = System.nanoTime();
    private boolean printedInPlace;

    Progress(PrintStream err, String unit) {
        this.err = err;
        this.unit = unit;
        this.tty = System.console() != null;
        this.intervalNanos = tty ? 200_000_000L : 5_000_000_000L;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void update(long done, long total, String extra) {
        long now = System.nanoTime();
        if (done < total && now - lastPrint < intervalNanos) {
            return;
        }
        lastPrint = now;
        double secs = Math.max(1e-9, elapsedSeconds());
        double rate = done / secs;
        String eta = rate > 0 && total > done ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
        String line = String.format(Locale.ROOT, "%d/%d %s (%.0f %s/s%s)%s", done, total, unit, rate, unit, eta,
                extra == null ? "" : " " + extra);
        if (tty) {
            err.print("\r" + line + "\u001b[K");
            printedInPlace = true;
            if (done >= total) {
                finish();
            }
        } else if (done < total) {
            err.println(line);
        }
        err.flush();
    }

    void finish() {
        if (printedInPlace) {
            err.println();
            printedInPlace = false;
        }
    }
}
