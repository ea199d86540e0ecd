package org.skysift.report.html;

import static org.skysift.report.html.Html.escape;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Renders report.html: one self-contained page (CSS and JS inline, no network resource; images by
 * paths relative to the run folder). The large tables travel as JSON in script blocks and the page
 * script draws one page of rows at a time, so ten thousand candidates stay fast.
 */
public final class ReportPage {
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");

    private ReportPage() {}

    public static void write(Writer w, ReportInput in) throws IOException {
        JsonNode s = in.summary();
        String runId = s.path("run_id").asText();
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<title>SkySift run " + escape(runId) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        header(w, in, runId);
        w.write("<main>\n");
        figures(w, in);
        funnel(w, s.path("funnel"));
        failedTiles(w, in, s.path("tiles").path("failed").asLong());
        if (in.transients() != null && s.path("epochs").isObject()) {
            TransientSection.write(w, s.path("epochs"), in.transients());
        }
        candidates(w, in);
        tiles(w, in);
        w.write("</main>\n");
        footer(w, in);
        w.write("<script>\n" + JS + "</script>\n</body>\n</html>\n");
        w.flush();
    }

    private static void header(Writer w, ReportInput in, String runId) throws IOException {
        JsonNode s = in.summary();
        w.write("<header>\n<div class=\"wrap\">\n<h1><span class=\"brand\">SkySift</span> run <span id=\"run-id\">"
                + escape(runId) + "</span></h1>\n<p class=\"meta\">");
        w.write("Started " + escape(time(s.path("started_at").asText(""))) + " · finished "
                + escape(time(s.path("finished_at").asText(""))) + " · " + escape(number(s.path("elapsed_s"), 0)) + " s");
        if (in.plateDates() != null) {
            w.write(" · plates observed " + escape(in.plateDates()[0])
                    + (in.plateDates()[0].equals(in.plateDates()[1]) ? "" : " to " + escape(in.plateDates()[1])));
        }
        w.write(" · SkySift " + escape(s.path("skysift_version").asText("")) + "</p>\n");
        w.write("<div class=\"cards\">\n");
        JsonNode t = s.path("tiles");
        long failed = t.path("failed").asLong();
        card(w, "Tiles", count(t.path("ok").asLong()) + " ok",
                failed == 0 ? "none failed" : count(failed) + " failed", failed > 0 ? "warn" : "");
        JsonNode c = s.path("counts");
        card(w, "Sources", count(c.path("sources").asLong()), "median " + number(s.path("medians").path("sources_per_tile"), 0) + " per tile", "");
        card(w, "Matches", count(c.path("matches").asLong()), "median separation " + number(s.path("medians").path("match_sep_arcsec"), 2) + "″", "");
        card(w, "Candidates", count(c.path("candidates").asLong()), count(c.path("rejected").asLong()) + " rejected by the gates", "accent");
        JsonNode inj = s.path("injection");
        if (inj.isObject()) {
            card(w, "Injection recall", percent(inj.path("recall")),
                    count(inj.path("recovered").asLong()) + " of " + count(inj.path("injected").asLong()) + " injected found", "");
            card(w, "Injection precision", percent(inj.path("precision")),
                    count(inj.path("candidates_injected").asLong()) + " of " + count(inj.path("candidates").asLong()) + " candidates", "");
        }
        JsonNode w5 = s.path("validators").path("within5");
        if (w5.isObject()) {
            boolean ok = w5.path("ok").asBoolean();
            card(w, "within5", ok ? "ok" : "failed", "largest separation " + number(w5.path("max_sep_arcsec"), 2) + "″, "
                    + count(w5.path("violations").asLong()) + " beyond " + number(w5.path("limit_arcsec"), 2) + "″", ok ? "good" : "bad");
        }
        w.write("</div>\n<nav><a href=\"#figures\">Figures</a><a href=\"#funnel\">Funnel</a><a href=\"#failed\">Failed tiles</a>"
                + (in.transients() != null && s.path("epochs").isObject() ? "<a href=\"#transients\">Transients</a>" : "")
                + "<a href=\"#candidates\">Candidates</a><a href=\"#tiles\">Tiles</a><a href=\"#files\">Files</a></nav>\n</div>\n</header>\n");
    }

    static void card(Writer w, String label, String value, String detail, String tone) throws IOException {
        w.write("<div class=\"card " + tone + "\"><div class=\"label\">" + escape(label) + "</div><div class=\"value\">"
                + escape(value) + "</div><div class=\"detail\">" + escape(detail) + "</div></div>\n");
    }

    private static void figures(Writer w, ReportInput in) throws IOException {
        w.write("<section id=\"figures\">\n<h2>Figures</h2>\n");
        if (in.plotsProblem() != null) {
            w.write("<p class=\"problem\">" + escape(in.plotsProblem()) + "</p>\n");
        }
        if (in.plots().isEmpty()) {
            w.write("<p class=\"none\">This run has no plots (plots/plots.json is absent).</p>\n</section>\n");
            return;
        }
        w.write("<div class=\"figures\">\n");
        for (Plot p : in.plots()) {
            String src = escape("plots/" + p.file());
            w.write("<figure>");
            if (p.present()) {
                w.write("<a href=\"" + src + "\"><img src=\"" + src + "\" alt=\"" + escape(p.title()) + "\" loading=\"lazy\"></a>");
            } else {
                w.write("<div class=\"missing\">" + src + " is missing</div>");
            }
            w.write("<figcaption><strong>" + escape(p.title()) + "</strong> " + escape(p.caption()) + "</figcaption></figure>\n");
        }
        w.write("</div>\n</section>\n");
    }

    private static void funnel(Writer w, JsonNode funnel) throws IOException {
        w.write("<section id=\"funnel\">\n<h2>Candidate funnel</h2>\n");
        if (!funnel.isObject() || funnel.isEmpty()) {
            w.write("<p class=\"none\">No funnel in summary.json.</p>\n</section>\n");
            return;
        }
        w.write("<p class=\"hint\">Sources with no reference counterpart, left after each gate in the order the gates apply; "
                + "what passes the last gate are the candidates.</p>\n<table class=\"funnel\">\n<thead><tr><th>gate</th>"
                + "<th class=\"num\">left</th><th class=\"num\">removed</th><th class=\"bar-col\"></th></tr></thead>\n<tbody>\n");
        long top = Math.max(1, funnel.path("unmatched").asLong(1));
        Long previous = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = funnel.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long left = e.getValue().asLong();
            String removed = previous == null ? "" : count(previous - left);
            double pct = 100.0 * left / top;
            w.write("<tr><td>" + escape(e.getKey()) + "</td><td class=\"num\">" + count(left) + "</td><td class=\"num\">"
                    + removed + "</td><td class=\"bar-col\"><div class=\"bar\" style=\"width:"
                    + String.format(Locale.ROOT, "%.2f", Math.min(100, pct)) + "%\"></div></td></tr>\n");
            previous = left;
        }
        w.write("</tbody>\n</table>\n</section>\n");
    }

    private static void failedTiles(Writer w, ReportInput in, long failed) throws IOException {
        w.write("<section id=\"failed\">\n<h2>Failed tiles</h2>\n");
        if (in.failedTiles().isEmpty()) {
            w.write("<p class=\"none\">No tile failed.</p>\n</section>\n");
            return;
        }
        if (failed > in.failedTiles().size()) {
            w.write("<p class=\"hint\">The first " + count(in.failedTiles().size()) + " of " + count(failed)
                    + " failed tiles; the tiles table below has them all.</p>\n");
        }
        w.write("<div class=\"scroll\"><table class=\"failed\">\n<thead><tr><th class=\"num\">tile</th><th>stage</th><th>error</th>"
                + "<th>message</th></tr></thead>\n<tbody>\n");
        for (ReportInput.FailedTile f : in.failedTiles()) {
            w.write("<tr><td class=\"num\"><a href=\"#tile-" + f.tileId() + "\" data-tile=\"" + f.tileId() + "\">" + f.tileId()
                    + "</a></td><td>" + escape(f.stage()) + "</td><td><code>" + escape(f.errorClass()) + "</code></td><td class=\"msg\">"
                    + escape(f.message()) + "</td></tr>\n");
        }
        w.write("</tbody>\n</table></div>\n</section>\n");
    }

    private static void candidates(Writer w, ReportInput in) throws IOException {
        w.write("<section id=\"candidates\">\n<h2>Candidates</h2>\n<p class=\"hint\">");
        w.write("Sources with no reference counterpart that passed every gate, best score first. Click a header to sort, "
                + "type in the boxes under it to filter (text, or numbers as <code>12..15</code>, <code>&gt;20</code>, "
                + "<code>&lt;3</code>); a tile number leads to its row in the tiles table.");
        w.write("</p>\n");
        dataBlock(w, "candidates", in.candidates(), in.candidatesTotal());
        w.write("</section>\n");
    }

    private static void tiles(Writer w, ReportInput in) throws IOException {
        w.write("<section id=\"tiles\">\n<h2>Tiles</h2>\n<p class=\"hint\">One row per tile: what it found, its seeing "
                + "(median FWHM of bright clean stars), its photometric zero point and, when it failed, why.</p>\n");
        dataBlock(w, "tiles", in.tiles(), -1);
        w.write("</section>\n");
    }

    /** A placeholder the script fills, and the rows as JSON: {"columns":[...],"rows":[[...],...],"total":n}. */
    private static void dataBlock(Writer w, String id, DataTable table, long total) throws IOException {
        w.write("<div class=\"datatable\" data-source=\"" + id + "-data\" id=\"" + id + "-table\"><noscript>"
                + "This table needs JavaScript.</noscript></div>\n");
        w.write("<script type=\"application/json\" id=\"" + id + "-data\">");
        JsonFactory f = JsonFactory.builder().build();
        f.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        try (JsonGenerator g = f.createGenerator(w)) {
            g.setCharacterEscapes(new Html.ScriptSafeEscapes());
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (DataTable.Column c : table.columns()) {
                g.writeStartObject();
                g.writeStringField("key", c.key());
                g.writeStringField("label", c.label());
                g.writeStringField("type", c.type());
                g.writeNumberField("digits", c.digits());
                if (c.title() != null) {
                    g.writeStringField("title", c.title());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            Iterator<Object[]> rows = table.rows();
            while (rows.hasNext()) {
                Object[] r = rows.next();
                g.writeStartArray();
                for (int i = 0; i < r.length; i++) {
                    writeValue(g, r[i], table.columns().get(i));
                }
                g.writeEndArray();
                g.writeRaw('\n');
            }
            g.writeEndArray();
            if (total >= 0) {
                g.writeNumberField("total", total);
            }
            g.writeEndObject();
        }
        w.write("</script>\n");
    }

    private static void writeValue(JsonGenerator g, Object v, DataTable.Column c) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                g.writeNull();
            } else {
                // a few decimals more than shown: smaller page, same sort order
                g.writeNumber(new java.math.BigDecimal(d).setScale(Math.max(c.digits() + 2, 3), java.math.RoundingMode.HALF_EVEN)
                        .stripTrailingZeros().toPlainString());
            }
        } else if (v instanceof Float fl) {
            writeValue(g, fl.doubleValue(), c);
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }

    private static void footer(Writer w, ReportInput in) throws IOException {
        w.write("<footer id=\"files\">\n<div class=\"wrap\">\n<h2>Files</h2>\n<p class=\"hint\">Beside this page in the run folder "
                + "(<code>" + escape(in.summary().path("run_dir").asText("")) + "</code>):</p>\n<ul class=\"files\">\n");
        for (String f : in.files()) {
            w.write("<li><a href=\"" + escape(f) + "\">" + escape(f) + "</a></li>\n");
        }
        w.write("</ul>\n</div>\n</footer>\n");
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String number(JsonNode n, int digits) {
        return n.isNumber() ? String.format(Locale.ROOT, "%,." + digits + "f", n.asDouble()) : "–";
    }

    private static String percent(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * n.asDouble()) : "–";
    }

    /** 2026-12-01T22:23:53.499283Z shown as 2026-12-01 22:23:53 UTC. */
    private static String time(String iso) {
        if (iso.length() >= 19 && iso.charAt(10) == 'T') {
            return iso.substring(0, 10) + " " + iso.substring(11, 19) + (iso.endsWith("Z") ? " UTC" : "");
        }
        return iso;
    }

    private static String resource(String name) {
        try (InputStream s = ReportPage.class.getResourceAsStream(name)) {
            if (s == null) {
                throw new IllegalStateException("missing resource org/skysift/report/html/" + name);
            }
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
