package org.skysift.report.plots;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Recall of injected (withheld) stars against their true magnitude, from the injections table:
 * per bin the share recovered by a candidate with a 68% Wilson binomial interval, the share detected
 * as any source, and the number injected.
 */
final class InjectionRecovery {
    static final double BIN_MAG = 0.5;

    private InjectionRecovery() {}

    /** One magnitude bin: [magLow, magLow + BIN_MAG). */
    record Bin(double magLow, long injected, long recovered, long detected) {
        double recall() {
            return (double) recovered / injected;
        }
    }

    static List<Bin> bins(org.apache.spark.sql.Dataset<Row> injections) {
        List<Bin> out = new ArrayList<>();
        // sorted here, not by Spark: a sort of a few bins would cost a Spark job of its own
        List<Row> rows = new ArrayList<>(injections.groupBy(floor(col("mag").divide(lit(BIN_MAG))).cast("long").as("bin"))
                .agg(count(lit(1)), sum(when(col("recovered"), 1).otherwise(0)), sum(when(col("detected"), 1).otherwise(0)))
                .collectAsList());
        rows.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
        for (Row r : rows) {
            out.add(new Bin(r.getLong(0) * BIN_MAG, r.getLong(1), r.getLong(2), r.getLong(3)));
        }
        return out;
    }

    /** The Wilson score interval for k successes in n trials at z standard deviations. */
    static double[] wilson(long k, long n, double z) {
        double p = (double) k / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    static Figure write(PlotContext ctx) {
        List<Bin> bins = bins(ctx.table("injections"));
        if (bins.isEmpty()) {
            return null;
        }
        long injected = 0, recovered = 0, detected = 0;
        XYIntervalSeries recall = new XYIntervalSeries("recovered as a candidate (68% binomial interval)");
        XYSeries found = new XYSeries("detected as any source");
        XYIntervalSeries counts = new XYIntervalSeries("injected stars (right axis)");
        StringBuilder csv = new StringBuilder("mag_low,mag_high,injected,recovered,detected,recall,recall_low,recall_high\n");
        for (Bin b : bins) {
            injected += b.injected;
            recovered += b.recovered;
            detected += b.detected;
            double mid = b.magLow + BIN_MAG / 2;
            double[] ci = wilson(b.recovered, b.injected, 1.0);
            recall.add(mid, mid, mid, b.recall(), ci[0], ci[1]);
            found.add(mid, (double) b.detected / b.injected);
            counts.add(mid, b.magLow, b.magLow + BIN_MAG, b.injected, 0, b.injected);
            csv.append(Histogram.num(b.magLow)).append(',').append(Histogram.num(b.magLow + BIN_MAG)).append(',')
                    .append(b.injected).append(',').append(b.recovered).append(',').append(b.detected).append(',')
                    .append(Histogram.num(b.recall())).append(',').append(Histogram.num(ci[0])).append(',')
                    .append(Histogram.num(ci[1])).append('\n');
        }

        NumberAxis x = new NumberAxis("true magnitude of the injected star (mag)");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("fraction of injected stars");
        y.setRange(0, 1.08);
        XYErrorRenderer err = new XYErrorRenderer();
        err.setDrawXError(false);
        err.setDefaultLinesVisible(true);
        err.setSeriesPaint(0, ChartStyle.BLUE);
        err.setSeriesStroke(0, ChartStyle.stroke(2.2f));
        err.setErrorPaint(ChartStyle.BLUE);
        err.setErrorStroke(ChartStyle.stroke(1.6f));
        err.setCapLength(8);
        err.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-4.5, -4.5, 9, 9));
        XYIntervalSeriesCollection recallData = new XYIntervalSeriesCollection();
        recallData.addSeries(recall);
        XYPlot plot = new XYPlot(recallData, x, y, err);

        XYLineAndShapeRenderer detRenderer = new XYLineAndShapeRenderer(true, true);
        detRenderer.setSeriesPaint(0, ChartStyle.GREEN);
        detRenderer.setSeriesStroke(0, ChartStyle.dashed(1.8f));
        detRenderer.setSeriesShape(0, new java.awt.geom.Rectangle2D.Double(-3, -3, 6, 6));
        plot.setDataset(1, new XYSeriesCollection(found));
        plot.setRenderer(1, detRenderer);

        NumberAxis y2 = new NumberAxis("injected stars per " + Histogram.num(BIN_MAG) + " mag");
        y2.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        long maxCount = bins.stream().mapToLong(Bin::injected).max().orElse(1);
        y2.setRange(0, maxCount * 3.0);
        XYIntervalSeriesCollection countData = new XYIntervalSeriesCollection();
        countData.addSeries(counts);
        plot.setRangeAxis(1, y2);
        plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
        plot.setDataset(2, countData);
        plot.mapDatasetToRangeAxis(2, 1);
        XYBarRenderer bars = new XYBarRenderer(0.08);
        bars.setSeriesPaint(0, new java.awt.Color(0xDDDDDD));
        bars.setShadowVisible(false);
        plot.setRenderer(2, bars);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);

        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "Injection recovery: recall %.3f (%,d of %,d)",
                (double) recovered / injected, recovered, injected), ChartStyle.font(Font.BOLD, 20), plot, true);
        ChartStyle.apply(chart);
        ChartStyle.subtitle(chart, String.format(Locale.ROOT,
                "%,d of %,d detected as a source; recovery radius %s″", detected, injected,
                Histogram.num(ctx.config().report().injectionRadiusArcsec())));
        ctx.files().writeText("injection_recovery.csv", csv.toString());
        return ctx.save("injection_recovery.png", chart, ChartStyle.WIDTH, ChartStyle.HEIGHT,
                "Stars the synthetic sky rendered into the plates but withheld from the reference catalogue, the "
                        + "ones the run should find. Blue: the share recovered by a candidate within the recovery "
                        + "radius, per " + Histogram.num(BIN_MAG) + " mag bin of true magnitude, with 68% Wilson "
                        + "binomial intervals; green dashed: the share detected as a source at all (the gap between "
                        + "the two is what the gates removed); grey bars: stars injected per bin (right axis). "
                        + "Recall usually falls at the faint end, where stars sink into the noise. Data: "
                        + "injection_recovery.csv and the injections table (first_gate says why a star was missed).");
    }
}
