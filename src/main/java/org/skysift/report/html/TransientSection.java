package org.skysift.report.html;

import static org.skysift.report.html.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.skysift.pipeline.TransientRow;
import org.skysift.report.EpochSummary;

/**
 * The page's "Transients" section on runs with several epochs: counts per kind, recovery of the
 * injected changes (synthetic runs), and the strongest transients with their triplets (reference, new,
 * difference). Figures come from summary.json's "epochs"; the rows from the transients table.
 */
final class TransientSection {
    private TransientSection() {}

    static void write(Writer w, JsonNode epochs, List<TransientRow> strongest) throws IOException {
        JsonNode tr = epochs.path("transients");
        w.write("<section id=\"transients\">\n<h2>Transients</h2>\n<p class=\"hint\">Changes between each epoch and its "
                + "tile's reference epoch, found on the ZOGY difference (S_corr above the threshold) and classified by "
                + "forced photometry on both epochs. In the triplets the reference and the new image share one stretch; "
                + "in the difference vermillion is brighter in the new epoch, blue fainter.</p>\n<div class=\"cards\">\n");
        ReportPage.card(w, "Transients", count(tr.path("total")), count(epochs.path("tiles")) + " tiles with epochs", "accent");
        for (String k : EpochSummary.KINDS) {
            ReportPage.card(w, k, count(tr.path("by_kind").path(k)), precision(tr.path("precision_by_kind").path(k)), "");
        }
        JsonNode inj = epochs.path("injection");
        if (inj.path("injected").isNumber()) {
            ReportPage.card(w, "Recall of injected changes", EpochSummary.percent(inj.path("recall")), count(inj.path("recovered"))
                    + " of " + count(inj.path("injected")) + ", " + count(inj.path("right_kind")) + " of the right kind", "");
        }
        JsonNode sc = epochs.path("scorr_std");
        if (sc.path("median").isNumber()) {
            ReportPage.card(w, "S_corr std", number(sc.path("median"), 3), "tiles " + number(sc.path("min"), 3) + " to "
                    + number(sc.path("max"), 3) + "; 1 for pure noise", "");
        }
        JsonNode lc = epochs.path("lightcurves");
        if (lc.path("objects").isNumber()) {
            ReportPage.card(w, "Variable objects", count(lc.path("variable")), "of " + count(lc.path("objects"))
                    + " with light curves; median max/min flux " + number(lc.path("flux_ratio_median"), 3), "");
        }
        w.write("</div>\n");
        if (inj.path("injected").isNumber()) {
            recovery(w, inj);
        }
        strongest(w, strongest, tr.path("total").asLong());
        w.write("</section>\n");
    }

    private static void recovery(Writer w, JsonNode inj) throws IOException {
        w.write("<h3>Injected changes</h3>\n<p class=\"hint\">Changes the synthetic sky made between the epochs, recovered "
                + "when a transient lies within the injection radius; the figure <em>Epoch changes</em> above has recall "
                + "against expected S/N.</p>\n<div class=\"scroll\"><table class=\"recovery\">\n<thead><tr><th>kind</th>"
                + "<th class=\"num\">injected</th><th class=\"num\">recovered</th><th class=\"num\">recall</th>"
                + "<th class=\"num\">right kind</th><th class=\"num\" title=\"flux_diff / (flux_new − flux_ref)\">"
                + "median measured / injected change</th></tr></thead>\n<tbody>\n");
        row(w, "all", inj);
        for (String k : EpochSummary.KINDS) {
            JsonNode n = inj.path("by_kind").path(k);
            if (n.path("injected").isNumber()) {
                row(w, k, n);
            }
        }
        w.write("</tbody>\n</table></div>\n");
    }

    private static void row(Writer w, String label, JsonNode n) throws IOException {
        w.write("<tr><td>" + escape(label) + "</td><td class=\"num\">" + count(n.path("injected")) + "</td><td class=\"num\">"
                + count(n.path("recovered")) + "</td><td class=\"num\">" + EpochSummary.percent(n.path("recall"))
                + "</td><td class=\"num\">" + count(n.path("right_kind")) + "</td><td class=\"num\">"
                + number(n.path("flux_diff_ratio_median"), 3) + "</td></tr>\n");
    }

    /** Only a triplet inside the run folder's cutouts/ is linked: a table value is never a URL of its own. */
    private static void strongest(Writer w, List<TransientRow> rows, long total) throws IOException {
        w.write("<h3>Strongest transients</h3>\n");
        if (rows.isEmpty()) {
            w.write("<p class=\"none\">No transient was found.</p>\n");
            return;
        }
        w.write("<p class=\"hint\">" + (total > rows.size() ? "The " + rows.size() + " of " + String.format(Locale.ROOT, "%,d", total)
                + " transients" : "All " + rows.size() + " transients") + " by S/N (peak |S_corr|); the transients table "
                + "has them all. Positions are on the reference image (FITS pixels); fluxes in its counts.</p>\n");
        w.write("<div class=\"scroll\"><table class=\"transients\">\n<thead><tr><th>reference | new | difference</th>"
                + "<th class=\"num\">tile</th><th class=\"num\">#</th><th>epochs</th><th>kind</th><th class=\"num\">S/N</th>"
                + "<th class=\"num\">RA °</th><th class=\"num\">Dec °</th><th class=\"num\">flux ref</th>"
                + "<th class=\"num\">flux new</th><th class=\"num\">Δ flux</th><th>candidate</th><th>injected</th>"
                + "</tr></thead>\n<tbody>\n");
        for (TransientRow t : rows) {
            w.write("<tr id=\"transient-" + t.tileId() + "-" + t.transientId() + "-" + escape(t.epoch()) + "\"><td class=\"triplet\">");
            if (t.cutout() != null && t.cutout().startsWith("cutouts/") && !t.cutout().contains("..")) {
                String src = escape(t.cutout());
                w.write("<a href=\"" + src + "\"><img src=\"" + src + "\" alt=\"triplet of transient " + t.transientId()
                        + "\" loading=\"lazy\" width=\"420\" height=\"175\"></a>");
            } else {
                w.write("<span class=\"noimg\">no triplet</span>");
            }
            w.write("</td><td class=\"num\"><a href=\"#tile-" + t.tileId() + "\" data-tile=\"" + t.tileId() + "\">" + t.tileId()
                    + "</a></td><td class=\"num\">" + t.transientId() + "</td><td>" + escape(t.referenceEpoch()) + " → "
                    + escape(t.epoch()) + "</td><td><span class=\"kind " + escape(t.kind()) + "\">" + escape(t.kind())
                    + "</span></td><td class=\"num\">" + fixed(t.snr(), 1) + "</td><td class=\"num\">" + fixed(t.ra(), 5)
                    + "</td><td class=\"num\">" + fixed(t.dec(), 5) + "</td><td class=\"num\">" + flux(t.fluxRef(), t.fluxRefErr())
                    + "</td><td class=\"num\">" + flux(t.fluxNew(), t.fluxNewErr()) + "</td><td class=\"num\">"
                    + flux(t.fluxDiff(), t.fluxDiffErr()) + "</td><td>"
                    + (t.candidateSourceId() == null ? "" : "source " + t.candidateSourceId()) + "</td><td>"
                    + (t.injected() == null ? "" : t.injected() ? "yes" : "no") + "</td></tr>\n");
        }
        w.write("</tbody>\n</table></div>\n");
    }

    private static String precision(JsonNode p) {
        return p.isNumber() ? EpochSummary.percent(p) + " on an injected change" : "";
    }

    private static String count(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%,d", n.asLong()) : "–";
    }

    private static String number(JsonNode n, int digits) {
        return n.isNumber() ? fixed(n.asDouble(), digits) : "–";
    }

    private static String fixed(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,." + digits + "f", v) : "–";
    }

    private static String flux(Double f, Double err) {
        if (f == null || !Double.isFinite(f)) {
            return "–";
        }
        return fixed(f, 0) + (err == null || !Double.isFinite(err) ? "" : " ± " + fixed(err, 0));
    }
}
