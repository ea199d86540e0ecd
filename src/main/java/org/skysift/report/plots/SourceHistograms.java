package org.skysift.report.plots;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jfree.chart.JFreeChart;

/**
 * Histograms of the sources' calibrated magnitude (mag_cal), FWHM and SNR (log bins), with the candidates overlaid; each
 * also as CSV (bin_low,bin_high,count,candidates). Bin ranges come from Spark percentiles so a few
 * outliers do not squash the plot; what falls outside is counted in the caption.
 */
final class SourceHistograms {
    private SourceHistograms() {}

    static List<Figure> write(PlotContext ctx) {
        Dataset<Row> sources = ctx.table("sources").select("mag_cal", "fwhm_px", "snr");
        Dataset<Row> candidates = ctx.table("candidates").select("mag", "fwhm_px", "snr");
        Row q = sources.agg(
                expr("percentile_approx(mag_cal, array(0.001, 0.999), 10000)"),
                expr("percentile_approx(fwhm_px, 0.99, 10000)"),
                expr("percentile_approx(snr, 0.001, 10000)"),
                expr("max(snr)"),
                expr("count(*)")).first();
        List<Figure> out = new ArrayList<>();
        if (q.getLong(4) == 0) {
            return out;
        }
        // the figures are planned first, then all their histograms (sources and candidates) counted in one query
        List<Planned> planned = new ArrayList<>();
        if (!q.isNullAt(0)) {
            List<Double> m = q.getList(0);
            double lo = Math.floor(m.get(0) * 2) / 2, hi = Math.max(lo + 0.5, Math.ceil(m.get(1) * 2) / 2);
            double w = 0.25;
            int n = (int) Math.round((hi - lo) / w);
            planned.add(new Planned("hist_mag", "mag_cal", "mag", c -> Histogram.Binning.linear(c, lo, w, n),
                    "Source magnitudes", "calibrated magnitude (mag_cal)", "sources per 0.25 mag", false,
                    "Counts of extracted sources (bars, left axis) and of candidates (red line, right axis) in "
                            + "0.25 mag bins of mag_cal, calibrated with each tile's photometric curve. The fall-off on the "
                            + "faint side shows where detection becomes incomplete; candidates should follow the "
                            + "vanished stars' magnitudes, not pile up at the faint limit."));
        }
        if (!q.isNullAt(1)) {
            double hi = Math.max(1, Math.ceil(q.getDouble(1)));
            double w = HistogramChart.niceStep(hi, 50);
            int n = (int) Math.ceil(hi / w);
            planned.add(new Planned("hist_fwhm", "fwhm_px", "fwhm_px", c -> Histogram.Binning.linear(c, 0, w, n),
                    "Source FWHM", "FWHM (pixels)", "sources per " + Histogram.num(w) + " px", false,
                    "Counts of sources (bars, left axis) and candidates (red line, right axis) by FWHM_IMAGE in "
                            + Histogram.num(w) + " px bins. Point sources form the main peak at the seeing; the "
                            + "sharp tail below it holds cosmic-ray hits and the broad tail above it galaxies and "
                            + "blends, which the FWHM gate removes from the candidates."));
        }
        if (!q.isNullAt(2) && !q.isNullAt(3) && q.getDouble(3) > 0) {
            int perDecade = 10;
            // bin edges on the 10-per-decade grid, so they read as 1, 1.26, 1.58, 2.0, ... times powers of ten
            double lo = Math.pow(10, Math.floor(Math.log10(Math.max(q.getDouble(2), 1e-3)) * perDecade) / perDecade);
            double top = Math.ceil(Math.log10(q.getDouble(3)) * perDecade + 1e-9) / perDecade;
            int n = Math.max(1, (int) Math.round((top - Math.log10(lo)) * perDecade));
            planned.add(new Planned("hist_snr", "snr", "snr", c -> Histogram.Binning.log(c, lo, perDecade, n),
                    "Source signal to noise", "SNR (log scale)", "sources per bin (10 per decade)", true,
                    "Counts of sources (bars, left axis) and candidates (red line, right axis) by windowed SNR, "
                            + "in logarithmic bins (10 per factor of ten). The left edge is the detection threshold; "
                            + "candidates below the SNR gate's minimum have been removed."));
        }
        List<Histogram.Request> requests = new ArrayList<>();
        for (Planned p : planned) {
            requests.add(new Histogram.Request(sources, p.binning.apply(col(p.sourceColumn))));
            requests.add(new Histogram.Request(candidates, p.binning.apply(col(p.candidateColumn))));
        }
        List<Histogram> counted = requests.isEmpty() ? List.of() : Histogram.countAll(requests);
        long nCandidates = candidateCount(ctx, candidates);
        for (int i = 0; i < planned.size(); i++) {
            out.add(figure(ctx, planned.get(i), counted.get(2 * i), counted.get(2 * i + 1), nCandidates));
        }
        return out;
    }

    /** From summary.json when it has the count (it always does after a run), so no further Spark job. */
    private static long candidateCount(PlotContext ctx, Dataset<Row> candidates) {
        com.fasterxml.jackson.databind.JsonNode n = ctx.summary().path("counts").path("candidates");
        return n.isIntegralNumber() ? n.asLong() : candidates.count();
    }

    /** One histogram figure before counting: its name, the columns of both tables, how they are binned, the texts. */
    private record Planned(String name, String sourceColumn, String candidateColumn,
                           java.util.function.Function<Column, Histogram.Binning> binning, String title, String xLabel,
                           String yLabel, boolean logX, String caption) {}

    private static Figure figure(PlotContext ctx, Planned p, Histogram sources, Histogram candidates, long nCandidates) {
        boolean overlay = nCandidates > 0;
        JFreeChart chart = HistogramChart.build(p.title, sources, "sources", p.xLabel, p.yLabel, p.logX,
                overlay ? candidates : null, "candidates", "candidates per bin");
        ChartStyle.subtitle(chart, String.format(Locale.ROOT, "%,d sources, %,d candidates",
                sources.total(), nCandidates));
        ctx.files().writeText(p.name + ".csv", Histogram.csv(sources, "count", candidates, "candidates"));
        return ctx.save(p.name + ".png", chart, ChartStyle.WIDTH, ChartStyle.HEIGHT,
                p.caption + outside(sources) + " Data: " + p.name + ".csv.");
    }

    static String outside(Histogram h) {
        if (h.below() + h.above() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, " Not shown: %,d sources below and %,d above the plotted range.",
                h.below(), h.above());
    }
}
