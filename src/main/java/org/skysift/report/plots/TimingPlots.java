package org.skysift.report.plots;

import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Where the time went: per-stage median and total from the tiles' *_ms columns, and tiles finished over time. */
final class TimingPlots {
    /** The stages of the tiles' *_ms columns; epochs only shows in runs with epochs (its column is null otherwise). */
    static final String[] STAGES = {"acquire", "validate", "calibrate", "extract", "psf", "reference", "match", "detect",
            "epochs"};
    static final int MAX_STEPS = 2000;

    private TimingPlots() {}

    static List<Figure> write(PlotContext ctx) {
        List<Figure> out = new ArrayList<>();
        List<PlotTiles.Tile> tiles = ctx.tiles().get();
        if (tiles.isEmpty()) {
            return out;
        }
        out.add(stages(ctx));
        Figure t = throughput(ctx, tiles);
        if (t != null) {
            out.add(t);
        }
        return out;
    }

    /** Median and total per stage: summary.json's stage_ms has them (the same aggregates), else one query. */
    private static Figure stages(PlotContext ctx) {
        double[][] medTot = fromSummary(ctx.summary().path("stage_ms"));
        if (medTot == null) {
            medTot = fromTable(ctx.table("tiles"));
        }
        DefaultCategoryDataset median = new DefaultCategoryDataset();
        DefaultCategoryDataset total = new DefaultCategoryDataset();
        double sumAll = 0;
        for (int i = 0; i < STAGES.length; i++) {
            if (medTot[i] == null) {
                continue; // epochs, on a run without them
            }
            median.addValue(medTot[i][0], "median", STAGES[i]);
            total.addValue(medTot[i][1], "total", STAGES[i]);
            sumAll += medTot[i][1];
        }
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis("stage"));
        plot.add(barPlot(median, "median per tile (ms)", ChartStyle.BLUE, "#,##0"), 1);
        plot.add(barPlot(total, "total over all tiles (s)", ChartStyle.ORANGE, "#,##0.0"), 1);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setGap(24);
        JFreeChart chart = new JFreeChart("Time per pipeline stage", ChartStyle.font(Font.BOLD, 20), plot, false);
        ChartStyle.apply(chart);
        ChartStyle.subtitle(chart, String.format(Locale.ROOT, "%.1f s of tile processing in all (summed over executors)",
                sumAll));
        return ctx.save("stage_timings.png", chart, ChartStyle.WIDTH, ChartStyle.HEIGHT,
                "Wall time of each per-tile stage from the tiles table's *_ms columns. Left: the median tile; "
                        + "right: the sum over all tiles (executor time, so it exceeds the run's elapsed time when "
                        + "tiles run in parallel). The longest bar is where optimisation pays; acquire includes "
                        + "downloads and retries for remote images.");
    }

    /**
     * Per stage {median per tile ms, total s}; null for a stage with no value on any tile (only epochs may lack
     * them); null altogether when the summary has no stage_ms.
     */
    private static double[][] fromSummary(JsonNode stageMs) {
        if (!stageMs.isObject()) {
            return null;
        }
        double[][] out = new double[STAGES.length][];
        for (int i = 0; i < STAGES.length; i++) {
            JsonNode st = stageMs.path(STAGES[i]);
            // the median is null exactly when every tile's value is (the summary writes the total as 0 then)
            if (!st.path("median_per_tile").isNumber() && "epochs".equals(STAGES[i])) {
                continue;
            }
            out[i] = new double[] {st.path("median_per_tile").asDouble(0), st.path("total").asLong(0) / 1000.0};
        }
        return out;
    }

    private static double[][] fromTable(Dataset<Row> tiles) {
        List<Column> aggs = new ArrayList<>();
        for (String s : STAGES) {
            aggs.add(expr("percentile(" + s + "_ms, 0.5)"));
            aggs.add(expr("sum(" + s + "_ms)"));
        }
        Row r = tiles.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        double[][] out = new double[STAGES.length][];
        for (int i = 0; i < STAGES.length; i++) {
            if ("epochs".equals(STAGES[i]) && r.isNullAt(2 * i + 1)) {
                continue;
            }
            double med = r.isNullAt(2 * i) ? 0 : ((Number) r.get(2 * i)).doubleValue();
            double tot = r.isNullAt(2 * i + 1) ? 0 : ((Number) r.get(2 * i + 1)).doubleValue() / 1000.0;
            out[i] = new double[] {med, tot};
        }
        return out;
    }

    private static CategoryPlot barPlot(DefaultCategoryDataset data, String label, java.awt.Color colour, String format) {
        NumberAxis axis = new NumberAxis(label);
        axis.setUpperMargin(0.25);
        BarRenderer bars = new BarRenderer();
        bars.setSeriesPaint(0, colour);
        bars.setShadowVisible(false);
        bars.setMaximumBarWidth(0.1);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat(format)));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(ChartStyle.font(Font.PLAIN, 12));
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        bars.setItemLabelAnchorOffset(4);
        CategoryPlot p = new CategoryPlot(data, null, axis, bars);
        p.setDomainGridlinesVisible(false);
        return p;
    }

    /** Finished tiles over time, from the collected tiles (finished_at, started_at as µs). */
    private static Figure throughput(PlotContext ctx, List<PlotTiles.Tile> tiles) {
        Long first = null, last = null;
        long n = 0;
        for (PlotTiles.Tile t : tiles) {
            if (t.finishedMicros() == null) {
                continue;
            }
            n++;
            if (t.startedMicros() != null && (first == null || t.startedMicros() < first)) {
                first = t.startedMicros();
            }
            if (last == null || t.finishedMicros() > last) {
                last = t.finishedMicros();
            }
        }
        if (first == null || last == null) {
            return null;
        }
        long t0 = first;
        double seconds = Math.max(1e-3, (last - t0) / 1e6);
        double step = Math.max(1.0, Math.ceil(seconds / MAX_STEPS));
        java.util.TreeMap<Long, Long> bins = new java.util.TreeMap<>();
        for (PlotTiles.Tile t : tiles) {
            if (t.finishedMicros() != null) {
                bins.merge((long) Math.floor((t.finishedMicros() - t0) / (step * 1e6)), 1L, Long::sum);
            }
        }
        XYSeries cumulative = new XYSeries("tiles finished", false, true);
        cumulative.add(0, 0);
        long sum = 0;
        for (java.util.Map.Entry<Long, Long> b : bins.entrySet()) {
            sum += b.getValue();
            cumulative.add(Math.min(seconds, (b.getKey() + 1) * step), sum);
        }
        double rate = n / seconds;
        XYSeries mean = new XYSeries(String.format(Locale.ROOT, "mean rate %.2f tiles/s", rate));
        mean.add(0, 0);
        mean.add(seconds, n);

        NumberAxis x = new NumberAxis("seconds since the first tile started");
        NumberAxis y = new NumberAxis("tiles finished");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYStepRenderer steps = new XYStepRenderer();
        steps.setSeriesPaint(0, ChartStyle.BLUE);
        steps.setSeriesStroke(0, ChartStyle.stroke(2.5f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(cumulative), x, y, steps);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, ChartStyle.GREY);
        line.setSeriesStroke(0, ChartStyle.dashed(1.8f));
        plot.setDataset(1, new XYSeriesCollection(mean));
        plot.setRenderer(1, line);
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "Throughput: %,d tiles in %.1f s (%.2f tiles/s, %.1f tiles/min)",
                n, seconds, rate, rate * 60), ChartStyle.font(Font.BOLD, 20), plot, true);
        ChartStyle.apply(chart);
        return ctx.save("throughput.png", chart, ChartStyle.WIDTH, ChartStyle.HEIGHT,
                "Cumulative count of finished tiles (tiles.finished_at, ok and failed) against seconds since the "
                        + "first tile started" + (step > 1 ? ", in " + Histogram.num(step) + " s steps" : "")
                        + ". The dashed line is the mean rate. A steady slope means the executors were kept busy; "
                        + "flat stretches are waits (downloads, stragglers, a slow last partition).");
    }
}
