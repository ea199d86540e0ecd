package org.skysift.pipeline.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What `skysift status` says about a run folder, from its progress.json and summary.json alone (so
 * it works from any machine that sees the folder). A run still marked running whose progress.json
 * has not been rewritten for ten update intervals (a minute at least) is reported as probably dead.
 */
public final class RunStatus {
    static final Duration MIN_STALE = Duration.ofSeconds(60);
    static final int STALE_INTERVALS = 10;

    /** The lines to print; dead or failed runs are {@code ok == false}. */
    public record Report(List<String> lines, boolean ok) {}

    private RunStatus() {}

    /**
     * @param progress progress.json, or null when the run wrote none (an older run, or report.progress off)
     * @param summary summary.json, or null while the run has not written it
     */
    public static Report of(String runDir, ProgressState progress, JsonNode summary, Instant now) {
        List<String> out = new ArrayList<>();
        if (progress == null) {
            JsonNode t = summary.path("tiles");
            out.add("run " + summary.path("run_id").asText() + ": finished in "
                    + Rates.duration(Math.round(summary.path("elapsed_s").asDouble())) + " (it wrote no progress.json)");
            out.add(String.format(Locale.ROOT, "  tiles:    %d done, %d failed", t.path("total").asLong(), t.path("failed").asLong()));
            headline(out, runDir, summary);
            return new Report(out, true);
        }
        String name = "run " + progress.runId();
        Duration silent = Duration.between(progress.updatedAt(), now);
        switch (progress.state()) {
            case ProgressState.FINISHED -> {
                long took = Duration.between(progress.startedAt(), progress.updatedAt()).toSeconds();
                out.add(name + ": finished in " + Rates.duration(took) + " (at " + seconds(progress.updatedAt()) + ")");
                out.add(String.format(Locale.ROOT, "  tiles:    %d done, %d failed; %.2f tiles/s while processing",
                        progress.done(), progress.failed(), progress.tilesPerS()));
                if (summary != null) {
                    headline(out, runDir, summary);
                }
                return new Report(out, true);
            }
            case ProgressState.FAILED -> {
                out.add(name + ": failed: " + progress.error());
                tiles(out, progress);
                out.add("  started:  " + seconds(progress.startedAt()) + ", failed at " + seconds(progress.updatedAt()));
                return new Report(out, false);
            }
            default -> {
                Duration staleAfter = Duration.ofMillis(Math.max(MIN_STALE.toMillis(),
                        (long) (STALE_INTERVALS * progress.updateIntervalS() * 1000)));
                boolean dead = silent.compareTo(staleAfter) > 0;
                if (dead) {
                    out.add(name + ": probably dead: marked running, but progress.json was last updated "
                            + Rates.duration(silent.toSeconds()) + " ago (its driver, " + progress.host() + " pid "
                            + progress.pid() + ", rewrites it every " + Rates.duration(Math.round(progress.updateIntervalS()))
                            + "); the figures below are from then");
                } else {
                    out.add(name + ": running" + (progress.step() == null ? "" : " (now: " + progress.step() + ")"));
                }
                tiles(out, progress);
                if (progress.processingStartedAt() != null && !dead) {
                    out.add(String.format(Locale.ROOT, "  rate:     %.2f tiles/s, ETA %s", progress.tilesPerS(),
                            progress.etaS() == null ? "unknown" : Rates.duration(progress.etaS())));
                }
                out.add("  started:  " + seconds(progress.startedAt()) + " (" + Rates.duration(
                        Duration.between(progress.startedAt(), now).toSeconds()) + " ago), updated "
                        + Rates.duration(Math.max(0, silent.toSeconds())) + " ago");
                out.add("  driver:   " + progress.host() + ", pid " + progress.pid());
                return new Report(out, !dead);
            }
        }
    }

    private static void tiles(List<String> out, ProgressState p) {
        if (p.total() == null) {
            out.add("  tiles:    not counted yet (" + (p.step() == null ? "starting" : p.step()) + ")");
            return;
        }
        long pct = p.total() == 0 ? 100 : 100 * p.done() / p.total();
        out.add(String.format(Locale.ROOT, "  tiles:    %d/%d done (%d%%), %d failed, %d running",
                p.done(), p.total(), pct, p.failed(), p.running()));
    }

    private static void headline(List<String> out, String runDir, JsonNode s) {
        JsonNode c = s.path("counts");
        out.add(String.format(Locale.ROOT, "  counts:   %d targets, %d sources, %d matches, %d candidates",
                c.path("targets").asLong(), c.path("sources").asLong(), c.path("matches").asLong(), c.path("candidates").asLong()));
        JsonNode inj = s.path("injection");
        if (inj.isObject()) {
            out.add("  injection recovery: recall " + ratio(inj.path("recall")) + ", precision " + ratio(inj.path("precision")));
        }
        out.add("  summary:  " + runDir + "/summary.md");
    }

    private static String ratio(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.3f", n.asDouble()) : "n/a";
    }

    private static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
