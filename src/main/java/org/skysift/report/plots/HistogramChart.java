package org.skysift.report.plots;

import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A histogram as bars, optionally with a second one drawn as a step line against its own right-hand axis. */
final class HistogramChart {
    private HistogramChart() {}

    static JFreeChart build(String title, Histogram bars, String barsName, String xLabel, String yLabel,
                            boolean logX, Histogram overlay, String overlayName, String overlayLabel) {
        XYIntervalSeries s = new XYIntervalSeries(barsName);
        for (int i = 0; i < bars.counts().length; i++) {
            double lo = bars.edges()[i], hi = bars.edges()[i + 1];
            double mid = logX ? Math.sqrt(lo * hi) : (lo + hi) / 2;
            s.add(mid, lo, hi, bars.counts()[i], 0, bars.counts()[i]);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(s);

        ValueAxis x;
        if (logX) {
            LogAxis log = new LogAxis(xLabel);
            log.setBase(10);
            log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
            log.setSmallestValue(bars.edges()[0]);
            // labels at powers of ten, minor ticks at 2..9 times them
            log.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0, new java.text.DecimalFormat("#,##0.###"), 9));
            log.setMinorTickMarksVisible(true);
            log.setMinorTickMarkOutsideLength(3);
            x = log;
        } else {
            x = new NumberAxis(xLabel);
            ((NumberAxis) x).setAutoRangeIncludesZero(false);
        }
        x.setLowerMargin(0.01);
        x.setUpperMargin(0.01);
        x.setRange(bars.edges()[0], bars.edges()[bars.edges().length - 1]);
        NumberAxis y = new NumberAxis(yLabel);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());

        XYBarRenderer barRenderer = new XYBarRenderer(0.0);
        barRenderer.setSeriesPaint(0, ChartStyle.SKY);
        barRenderer.setDrawBarOutline(true);
        barRenderer.setSeriesOutlinePaint(0, Color.WHITE);
        barRenderer.setSeriesOutlineStroke(0, ChartStyle.stroke(0.5f));
        XYPlot plot = new XYPlot(data, x, y, barRenderer);
        plot.setDomainGridlinesVisible(false);

        if (overlay != null) {
            XYSeries step = new XYSeries(overlayName, false, true);
            for (int i = 0; i < overlay.counts().length; i++) {
                step.add(overlay.edges()[i], overlay.counts()[i]);
                step.add(overlay.edges()[i + 1], overlay.counts()[i]);
            }
            NumberAxis y2 = new NumberAxis(overlayLabel);
            y2.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            y2.setLabelPaint(ChartStyle.VERMILLION);
            y2.setTickLabelPaint(ChartStyle.VERMILLION);
            plot.setRangeAxis(1, y2);
            plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
            plot.setDataset(1, new XYSeriesCollection(step));
            plot.mapDatasetToRangeAxis(1, 1);
            XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
            line.setSeriesPaint(0, ChartStyle.VERMILLION);
            line.setSeriesStroke(0, ChartStyle.stroke(2.2f));
            plot.setRenderer(1, line);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        JFreeChart chart = new JFreeChart(title, ChartStyle.font(Font.BOLD, 20), plot, overlay != null);
        ChartStyle.apply(chart);
        return chart;
    }

    /** A step of 1, 2 or 5 × 10^k near span / target. */
    static double niceStep(double span, int target) {
        double raw = span / target;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }
}
