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
        return b.toString();
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
