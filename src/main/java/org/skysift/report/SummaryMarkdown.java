package org.skysift.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The human-readable summary.md, rendered from summary.json so the two never disagree. */
final class SummaryMarkdown {
    private SummaryMarkdown() {}

    static String render(JsonNode s) {
        StringBuilder b = new StringBuilder();
        b.append("# SkySift run ").append(s.path("run_id").asText()).append("\n\n");
        b.append("- output: `").append(s.path("run_dir").asText()).append("`\n");
        b.append("- started ").append(s.path("started_at").asText()).append(", finished ")
                .append(s.path("finished_at").asText()).append(" (").append(fmt(s.path("elapsed_s"))).append(" s)\n");
        b.append("- SkySift ").append(s.path("skysift_version").asText()).append("\n\n");

        JsonNode t = s.path("tiles");
        b.append("## Tiles\n\n| total | ok | failed |\n|---:|---:|---:|\n");
        b.append("| ").append(t.path("total").asLong()).append(" | ").append(t.path("ok").asLong()).append(" | ")
                .append(t.path("failed").asLong()).append(" |\n\n");
        if (t.path("failed").asLong() > 0) {
            b.append("Failed tiles (first ten):\n\n| tile | stage | error |\n|---:|---|---|\n");
            for (JsonNode f : t.path("first_failures")) {
                b.append("| ").append(f.path("tile_id").asLong()).append(" | ").append(f.path("stage").asText())
                        .append(" | ").append(escape(f.path("class").asText() + ": " + f.path("message").asText())).append(" |\n");
            }
            b.append('\n');
        }
        JsonNode work = s.path("work");
        if (work.path("tiles_resumed").asLong() > 0) {
            b.append("Resumed: ").append(work.path("tiles_resumed").asLong())
                    .append(" tiles read back from an earlier, broken attempt of this run; ");
        }
        b.append(work.path("tiles_processed").asLong()).append(" tiles processed, ")
                .append(work.path("images_fetched").asLong()).append(" images fetched (")
                .append(work.path("image_requests").asLong()).append(" requests).\n\n");

        b.append("## Counts\n\n| table | rows |\n|---|---:|\n");
        s.path("counts").fields().forEachRemaining(e ->
                b.append("| ").append(e.getKey()).append(" | ").append(e.getValue().asLong()).append(" |\n"));
        JsonNode in = s.path("input_problems");
        if (in.path("skipped_rows").asLong() > 0) {
            b.append("\nSkipped input rows: ").append(in.path("skipped_rows").asLong()).append("\n\n");
            for (JsonNode p : in.path("first")) {
                b.append("- ").append(escape(p.asText())).append('\n');
            }
        }

        b.append("\n## Medians\n\n| quantity | median |\n|---|---:|\n");
        s.path("medians").fields().forEachRemaining(e ->
                b.append("| ").append(e.getKey()).append(" | ").append(fmt(e.getValue())).append(" |\n"));

        JsonNode w5 = s.path("validators").path("within5");
        b.append("\n## Validators\n\n- within5: every match within ").append(fmt(w5.path("limit_arcsec")))
                .append("\": ").append(w5.path("ok").asBoolean() ? "ok" : "FAILED").append(" (largest ")
                .append(fmt(w5.path("max_sep_arcsec"))).append("\", ").append(w5.path("violations").asLong())
                .append(" beyond)\n");

        b.append("\n## Stage timings\n\n| stage | total ms | median ms per tile |\n|---|---:|---:|\n");
        s.path("stage_ms").fields().forEachRemaining(e -> b.append("| ").append(e.getKey()).append(" | ")
                .append(e.getValue().path("total").asLong()).append(" | ")
                .append(fmt(e.getValue().path("median_per_tile"))).append(" |\n"));

        b.append("\n## Candidate funnel\n\nSources with no counterpart left after each gate, in order:\n\n")
                .append("| gate | left |\n|---|---:|\n");
        s.path("funnel").fields().forEachRemaining(e ->
                b.append("| ").append(e.getKey()).append(" | ").append(e.getValue().asLong()).append(" |\n"));

        JsonNode inj = s.path("injection");
        b.append("\n## Injection recovery\n\n");
        if (inj.isNull() || inj.isMissingNode()) {
            b.append("No injected truth (not a synthetic run).\n");
        } else {
            b.append("| injected | recovered | recall | candidates | of which injected | precision |\n")
                    .append("|---:|---:|---:|---:|---:|---:|\n")
                    .append("| ").append(inj.path("injected").asLong()).append(" | ").append(inj.path("recovered").asLong())
                    .append(" | ").append(fmt(inj.path("recall"))).append(" | ").append(inj.path("candidates").asLong())
                    .append(" | ").append(inj.path("candidates_injected").asLong()).append(" | ")
                    .append(fmt(inj.path("precision"))).append(" |\n");
        }
        epochs(b, s.path("epochs"));
        return b.toString();
    }

    /** Transients, recovery of the injected changes, S_corr and light curves; nothing for a run without epochs. */
    private static void epochs(StringBuilder b, JsonNode e) {
        if (!e.isObject()) {
            return;
        }
        b.append("\n## Epochs\n\n").append(e.path("tiles").asLong()).append(" tiles with several epochs; S_corr ")
                .append("standard deviation over the tiles: median ").append(fmt(e.path("scorr_std").path("median")))
                .append(" (").append(fmt(e.path("scorr_std").path("min"))).append(" to ")
                .append(fmt(e.path("scorr_std").path("max"))).append("; 1 for pure noise).\n\n");
        JsonNode tr = e.path("transients");
        if (!tr.path("total").isNull()) {
            b.append("| transients | ").append(String.join(" | ", EpochSummary.KINDS))
                    .append(" | on an injected change |\n|---:|").append("---:|".repeat(EpochSummary.KINDS.size() + 1))
                    .append("\n| ").append(tr.path("total").asLong());
            EpochSummary.KINDS.forEach(k -> b.append(" | ").append(tr.path("by_kind").path(k).asLong()));
            b.append(" | ").append(tr.path("on_injected").isNull() ? "-" : tr.path("on_injected").asLong() + " (precision "
                    + fmt(tr.path("precision")) + ")").append(" |\n\n");
        }
        JsonNode inj = e.path("injection");
        if (!inj.path("injected").isNull()) {
            b.append("Injected changes (synthetic epochs), recovered by a transient within the injection radius:\n\n")
                    .append("| kind | injected | recovered | recall | right kind | median flux_diff / (flux_new - flux_ref) |\n")
                    .append("|---|---:|---:|---:|---:|---:|\n");
            recoveryRow(b, "all", inj);
            EpochSummary.KINDS.forEach(k -> {
                if (!inj.path("by_kind").path(k).path("injected").isNull()) {
                    recoveryRow(b, k, inj.path("by_kind").path(k));
                }
            });
            b.append("\nRecall against the expected S/N of the change:\n\n| S/N | injected | recall |");
            EpochSummary.KINDS.forEach(k -> b.append(' ').append(k).append(" |"));
            b.append("\n|---|---:|---:|").append("---:|".repeat(EpochSummary.KINDS.size())).append('\n');
            for (JsonNode bin : inj.path("by_snr")) {
                b.append("| ").append(bin.path("bin").asText()).append(" | ").append(bin.path("injected").asLong())
                        .append(" | ").append(fmt(bin.path("recall"))).append(" |");
                EpochSummary.KINDS.forEach(k -> b.append(' ').append(fmt(bin.path("by_kind").path(k).path("recall"))).append(" |"));
                b.append('\n');
            }
            b.append('\n');
        }
        JsonNode lc = e.path("lightcurves");
        if (!lc.path("objects").isNull()) {
            b.append("Light curves: ").append(lc.path("objects").asLong()).append(" objects over ")
                    .append(lc.path("epochs").isNull() ? "-" : lc.path("epochs").asText()).append(" epochs, ")
                    .append(lc.path("variable").asLong()).append(" variable; median flux ratio (max/min) ")
                    .append(fmt(lc.path("flux_ratio_median"))).append('.');
            if (!lc.path("injected_objects").isNull() || !lc.path("constant_objects").isNull()) {
                b.append(" Flagged variable: ").append(lc.path("injected_variable").asLong(0)).append(" of ")
                        .append(lc.path("injected_objects").asLong(0)).append(" injected variables, ")
                        .append(lc.path("constant_variable").asLong(0)).append(" of ")
                        .append(lc.path("constant_objects").asLong(0)).append(" constant objects.");
            }
            b.append('\n');
        }
    }

    private static void recoveryRow(StringBuilder b, String label, JsonNode n) {
        b.append("| ").append(label).append(" | ").append(n.path("injected").asLong()).append(" | ")
                .append(n.path("recovered").asLong()).append(" | ").append(fmt(n.path("recall"))).append(" | ")
                .append(n.path("right_kind").asLong()).append(" | ").append(fmt(n.path("flux_diff_ratio_median")))
                .append(" |\n");
    }

    private static String fmt(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "-";
        }
        double d = n.asDouble();
        return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
