package org.skysift.report.plots;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.skysift.report.EpochSummary;

/**
 * Recall of the injected epoch changes against their expected S/N, per kind and overall, with 68%
 * Wilson intervals: drawn from summary.json's epochs.injection.by_snr (no Spark job). Synthetic epoch
 * runs only; null when there is nothing to draw.
 */
final class EpochRecall {
    private static final List<Color> KIND_COLOURS = List.of(ChartStyle.VERMILLION, ChartStyle.BLUE, ChartStyle.ORANGE,
            ChartStyle.SKY);

    private EpochRecall() {}

    static Figure write(PlotContext ctx) {
        JsonNode bins = ctx.summary().path("epochs").path("injection").path("by_snr");
        if (!bins.isArray() || bins.isEmpty()) {
            return null;
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYIntervalSeries all = new XYIntervalSeries("all changes");
        StringBuilder csv = new StringBuilder("snr_bin,kind,injected,recovered,recall,recall_low,recall_high\n");
        for (JsonNode b : bins) {
            add(all, b, at(b, 0), csv, b.path("bin").asText(), "all");
        }
        data.addSeries(all);
        List<String> kinds = EpochSummary.KINDS;
        for (int k = 0; k < kinds.size(); k++) {
            XYIntervalSeries s = new XYIntervalSeries(kinds.get(k));
            for (JsonNode b : bins) {
                JsonNode kn = b.path("by_kind").path(kinds.get(k));
                if (kn.isObject()) {
                    // nudged apart so the error bars of the kinds do not hide each other
                    add(s, kn, at(b, (k - 1.5) * 0.07), csv, b.path("bin").asText(), kinds.get(k));
                }
            }
            data.addSeries(s);
        }
        // one slot per S/N bin: the bins are what the recall is counted in
        SymbolAxis x = new SymbolAxis("expected S/N of the change, |flux_new − flux_ref| / noise of the difference",
                EpochSummary.SNR_BINS.stream().map(b -> b.replace(">=", "≥ ")).toArray(String[]::new));
        x.setRange(-0.5, EpochSummary.SNR_BINS.size() - 0.5);
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis("fraction recovered by a transient");
        y.setRange(0, 1.08);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setCapLength(6);
        r.setSeriesPaint(0, ChartStyle.INK);
        r.setSeriesStroke(0, ChartStyle.stroke(2.6f));
        r.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
        for (int k = 0; k < kinds.size(); k++) {
            r.setSeriesPaint(k + 1, KIND_COLOURS.get(k));
            r.setSeriesStroke(k + 1, ChartStyle.dashed(1.6f));
            r.setSeriesShape(k + 1, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        r.setErrorStroke(ChartStyle.stroke(1.3f));
        XYPlot plot = new XYPlot(data, x, y, r);
        JsonNode inj = ctx.summary().path("epochs").path("injection");
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "Epoch changes: recall %s (%,d of %,d)",
                EpochSummary.percent(inj.path("recall")), inj.path("recovered").asLong(), inj.path("injected").asLong()),
                ChartStyle.font(Font.BOLD, 20), plot, true);
        ChartStyle.apply(chart);
        ChartStyle.subtitle(chart, String.format(Locale.ROOT, "%,d of them with the right kind; recovery radius %s″",
                inj.path("right_kind").asLong(), Histogram.num(ctx.config().report().injectionRadiusArcsec())));
        ctx.files().writeText("epoch_recall.csv", csv.toString());
        return ctx.save("epoch_recall.png", chart, ChartStyle.WIDTH, ChartStyle.HEIGHT,
                "Changes the synthetic sky injected between the reference epoch and a later one (sources that "
                        + "appeared, vanished, brightened or faded), and the share a transient recovered within the "
                        + "recovery radius, per bin of expected S/N (the kinds nudged apart within a bin), with 68% Wilson binomial intervals. Black: all kinds; "
                        + "dashed: one kind each. Recall should reach nearly 1 from S/N 10 and fall towards S/N 3. "
                        + "Data: epoch_recall.csv and the epoch_injections table.");
    }

    /** The bin's slot on the x axis, nudged (in slots) apart per kind. */
    private static double at(JsonNode bin, double nudge) {
        return Math.max(EpochSummary.SNR_BINS.indexOf(bin.path("bin").asText()), 0) + nudge;
    }

    private static void add(XYIntervalSeries s, JsonNode n, double x, StringBuilder csv, String bin, String kind) {
        long injected = n.path("injected").asLong(), recovered = n.path("recovered").asLong();
        if (injected == 0) {
            return;
        }
        double[] ci = InjectionRecovery.wilson(recovered, injected, 1.0);
        double recall = (double) recovered / injected;
        s.add(x, x, x, recall, ci[0], ci[1]);
        csv.append(bin).append(',').append(kind).append(',').append(injected).append(',').append(recovered).append(',')
                .append(Histogram.num(recall)).append(',').append(Histogram.num(ci[0])).append(',')
                .append(Histogram.num(ci[1])).append('\n');
    }
}
