package org.skysift.pipeline.progress;

import java.util.Locale;
import java.util.Optional;

/**
 * The plain progress lines for logs and other non-terminals: one when processing starts, one each
 * time a 10% step is crossed, one at least every 30 s in between, and a last one at 100%. Pure: the
 * caller passes the counts and the time.
 */
public final class ProgressLines {
    static final long QUIET_MS = 30_000;

    private final long total;
    private final long startMs;
    private long lastStep = -1;
    private long lastPrintMs;
    private boolean printedEnd;

    public ProgressLines(long total, long startMs) {
        this.total = total;
        this.startMs = startMs;
    }

    /** The line to print for these counts at this time, if one is due. */
    public Optional<String> update(TileCount c, long nowMs) {
        long step = total == 0 ? 10 : Math.min(10, 10 * c.done() / total);
        if (step > lastStep || nowMs - lastPrintMs >= QUIET_MS) {
            return Optional.of(print(c, nowMs, step));
        }
        return Optional.empty();
    }

    /** The closing line at the end of processing, unless the line for the end was already printed. */
    public Optional<String> finish(TileCount c, long nowMs) {
        return printedEnd ? Optional.empty() : Optional.of(print(c, nowMs, 10));
    }

    private String print(TileCount c, long nowMs, long step) {
        lastStep = Math.max(lastStep, step);
        lastPrintMs = nowMs;
        printedEnd = c.done() >= total;
        return line(total, c, startMs, nowMs);
    }

    /** e.g. {@code Progress: 12/40 (30%) tiles, 1 failed, 0.85 tiles/s, ETA 33 s}; the last one says how long it took. */
    static String line(long total, TileCount c, long startMs, long nowMs) {
        double rate = Rates.perSecond(c.done(), nowMs - startMs);
        long pct = total == 0 ? 100 : 100 * c.done() / total;
        String tail = c.done() >= total
                ? "took " + Rates.duration(Math.round((nowMs - startMs) / 1000.0))
                : "ETA " + Rates.eta(total - c.done(), rate).map(Rates::duration).orElse("unknown");
        return String.format(Locale.ROOT, "Progress: %d/%d (%d%%) tiles, %d failed, %.2f tiles/s, %s",
                c.done(), total, pct, c.failed(), rate, tail);
    }
}
