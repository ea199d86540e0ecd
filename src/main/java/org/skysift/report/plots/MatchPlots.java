package org.skysift.report.plots;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Font;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The cross-match: separations against the match radius, and mag_cal − reference magnitude (delta_mag) by magnitude. */
final class MatchPlots {
    static final double RESIDUAL_BIN_MAG = 0.5;
    static final int RESIDUAL_MIN_COUNT = 5;
    static final int SCATTER_POINTS = 3000;

    private MatchPlots() {}

    static List<Figure> write(PlotContext ctx) {
        List<Figure> out = new ArrayList<>();
        Dataset<Row> matches = ctx.table("matches").select("sep_arcsec", "delta_mag", "ref_mag");
        JsonNode counted = ctx.summary().path("counts").path("matches");
        long n = counted.isIntegralNumber() ? counted.asLong() : matches.count();
        if (n == 0) {
            return out;
        }
        double radius = ctx.config().match().radiusArcsec();
        double w = HistogramChart.niceStep(radius, 50);
        Histogram.Binning sepBins = Histogram.Binning.linear(col("sep_arcsec"), 0, w, (int) Math.ceil(radius * 1.04 / w));
        Groups g = groups(matches, sepBins);
        out.add(separation(ctx, g, n, w, radius));
        Figure residuals = residuals(ctx, matches, g.residuals);
        if (residuals != null) {
            out.add(residuals);
        }
        return out;
    }

    /** What both figures need from the matches: the separation histogram and percentiles, the residual bins. */
    private record Groups(Histogram separations, List<Double> sepPercentiles, List<Row> residuals) {}

    /**
     * One group-by over the matches for both figures: each row counts in its separation bin (kind 0), in its
     * reference-magnitude bin with its delta_mag (kind 1, when it has both magnitudes) and in the one group of all
     * separations (kind 2). Per group: count and the 16th, 50th, 84th and 90th percentile of the value.
     */
    private static Groups groups(Dataset<Row> matches, Histogram.Binning sepBins) {
        Column sep = col("sep_arcsec");
        Column hasBoth = col("delta_mag").isNotNull().and(col("ref_mag").isNotNull());
        Column[] kinds = {
            when(sep.isNotNull().and(not(isnan(sep))),
                    struct(lit(0).as("k"), sepBins.index().cast("long").as("bin"), lit(null).cast("double").as("v"))),
            when(hasBoth, struct(lit(1).as("k"), floor(col("ref_mag").divide(lit(RESIDUAL_BIN_MAG))).cast("long").as("bin"),
                    col("delta_mag").cast("double").as("v"))),
            struct(lit(2).as("k"), lit(0L).as("bin"), sep.cast("double").as("v"))};
        Map<Long, Long> sepCounts = new HashMap<>();
        List<Double> sepPercentiles = null;
        List<Row> residuals = new ArrayList<>();
        for (Row r : matches.select(explode(array(kinds)).as("c")).where(col("c").isNotNull())
                .groupBy(col("c.k").as("k"), col("c.bin").as("bin"))
                .agg(expr("count(*)"), expr("percentile_approx(c.v, array(0.16, 0.5, 0.84, 0.9), 10000)"))
                .collectAsList()) {
            switch (r.getInt(0)) {
                case 0 -> sepCounts.put(r.getLong(1), r.getLong(2));
                case 1 -> residuals.add(r);
                default -> sepPercentiles = r.getList(3);
            }
        }
        residuals.sort(java.util.Comparator.comparingLong(r -> r.getLong(1)));
        return new Groups(Histogram.of(sepBins.edges(), sepCounts), sepPercentiles, residuals);
    }

    private static Figure separation(PlotContext ctx, Groups g, long n, double w, double radius) {
        Histogram h = g.separations;
        List<Double> pct = g.sepPercentiles;
        JFreeChart chart = HistogramChart.build("Cross-match separations", h, "matches", "separation (arcsec)",
                "matches per " + Histogram.num(w) + "″", false, null, null, null);
        XYPlot plot = chart.getXYPlot();
        ValueMarker m = new ValueMarker(radius, ChartStyle.VERMILLION, ChartStyle.dashed(2f));
        m.setLabel(String.format(Locale.ROOT, "match radius %s″ ", Histogram.num(radius)));
        m.setLabelFont(ChartStyle.font(Font.PLAIN, 14));
        m.setLabelPaint(ChartStyle.VERMILLION);
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        m.setLabelBackgroundColor(new java.awt.Color(255, 255, 255, 0));
        plot.addDomainMarker(m);
        ChartStyle.subtitle(chart, String.format(Locale.ROOT, "%,d matches; median %.2f″, 90%% within %.2f″", n,
                pct.get(1), pct.get(3)));
        ctx.files().writeText("match_separation.csv", Histogram.csv(h, "count", null, null));
        return ctx.save("match_separation.png", chart, ChartStyle.WIDTH, ChartStyle.HEIGHT,
                "Distance between each source and its reference counterpart, in " + Histogram.num(w)
                        + "″ bins; the dashed line is the match radius. Good astrometry puts nearly all matches in "
                        + "a narrow peak well inside the radius; a flat tail up to the radius means chance "
                        + "coincidences, a peak pushed outwards a plate solution or epoch problem. "
                        + "Data: match_separation.csv.");
    }

    /** @param bins rows (kind, bin, count, percentiles) of the reference-magnitude bins, by bin */
    private static Figure residuals(PlotContext ctx, Dataset<Row> matches, List<Row> bins) {
        Dataset<Row> valid = matches.where(col("delta_mag").isNotNull().and(col("ref_mag").isNotNull()));
        YIntervalSeries band = new YIntervalSeries("median, 16–84% range");
        long total = 0;
        double yLo = Double.POSITIVE_INFINITY, yHi = Double.NEGATIVE_INFINITY;
        StringBuilder csv = new StringBuilder("ref_mag_low,ref_mag_high,count,p16,median,p84\n");
        for (Row r : bins) {
            long count = r.getLong(2);
            total += count;
            List<Double> p = r.getList(3);
            double lo = r.getLong(1) * RESIDUAL_BIN_MAG;
            csv.append(Histogram.num(lo)).append(',').append(Histogram.num(lo + RESIDUAL_BIN_MAG)).append(',')
                    .append(count).append(',').append(Histogram.num(p.get(0))).append(',')
                    .append(Histogram.num(p.get(1))).append(',').append(Histogram.num(p.get(2))).append('\n');
            if (count >= RESIDUAL_MIN_COUNT) {
                band.add(lo + RESIDUAL_BIN_MAG / 2, p.get(1), p.get(0), p.get(2));
                yLo = Math.min(yLo, p.get(0));
                yHi = Math.max(yHi, p.get(2));
            }
        }
        if (band.getItemCount() == 0) {
            return null;
        }
        double fraction = Math.min(1.0, 1.5 * SCATTER_POINTS / Math.max(1, total));
        XYSeries scatter = new XYSeries("matches (sample)", false, true);
        for (Row r : valid.sample(false, fraction, 8L).limit(SCATTER_POINTS).collectAsList()) {
            scatter.add(r.getDouble(2), r.getDouble(1));
        }

        NumberAxis x = new NumberAxis("reference magnitude (mag)");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("mag_cal − reference (mag)");
        double pad = Math.max(0.3, 0.6 * (yHi - yLo));
        y.setRange(Math.min(-0.3, yLo - pad), Math.max(0.3, yHi + pad));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-1.5, -1.5, 3, 3));
        dots.setSeriesPaint(0, new java.awt.Color(0x99, 0x99, 0x99, 110));
        XYPlot plot = new XYPlot(new XYSeriesCollection(scatter), x, y, dots);
        DeviationRenderer dev = new DeviationRenderer(true, true);
        dev.setSeriesPaint(0, ChartStyle.BLUE);
        dev.setSeriesFillPaint(0, ChartStyle.SKY);
        dev.setAlpha(0.35f);
        dev.setSeriesStroke(0, ChartStyle.stroke(2.5f));
        dev.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
        YIntervalSeriesCollection bandData = new YIntervalSeriesCollection();
        bandData.addSeries(band);
        plot.setDataset(1, bandData);
        plot.setRenderer(1, dev);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.addRangeMarker(new ValueMarker(0, ChartStyle.INK, ChartStyle.stroke(1f)));
        JFreeChart chart = new JFreeChart("Photometric residuals against the reference", ChartStyle.font(Font.BOLD, 20),
                plot, true);
        ChartStyle.apply(chart);
        ChartStyle.subtitle(chart, String.format(Locale.ROOT, "%,d matches with both magnitudes; %,d shown as dots",
                total, scatter.getItemCount()));
        ctx.files().writeText("mag_residuals.csv", csv.toString());
        return ctx.save("mag_residuals.png", chart, ChartStyle.WIDTH, ChartStyle.HEIGHT,
                "delta_mag: the calibrated magnitude (mag_cal, each tile's photometric curve) minus the reference "
                        + "magnitude of matched sources, against the reference magnitude. The "
                        + "line is the median in " + Histogram.num(RESIDUAL_BIN_MAG) + " mag bins (bins with at least "
                        + RESIDUAL_MIN_COUNT + " matches), the band holds the middle 68% (16th to 84th percentile), "
                        + "grey dots are a random sample of matches. A flat median near 0 means the calibration is right; "
                        + "a bend at the bright end is saturation the curve did not follow, a widening band at the "
                        + "faint end is noise. "
                        + "Data: mag_residuals.csv.");
    }
}
