package org.skysift.report.plots;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Font;
import java.awt.Paint;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.skysift.detect.Gate;

/** The candidate funnel from summary.json: sources without a counterpart left after each gate, as horizontal bars. */
final class FunnelChart {
    private FunnelChart() {}

    static Figure write(PlotContext ctx) {
        JsonNode funnel = ctx.summary().path("funnel");
        if (!funnel.isObject() || funnel.path(Gate.UNMATCHED.key()).asLong(0) == 0) {
            return null;
        }
        long unmatched = funnel.path(Gate.UNMATCHED.key()).asLong();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        long last = 0;
        for (Gate g : Gate.values()) {
            last = funnel.path(g.key()).asLong(0);
            data.addValue(last, "left", g.key());
        }
        long candidates = last;
        long sources = ctx.summary().path("counts").path("sources").asLong(0);

        CategoryAxis cat = new CategoryAxis("gate (applied top to bottom)");
        cat.setCategoryMargin(0.25);
        NumberAxis val = new NumberAxis("sources without a counterpart still in");
        val.setUpperMargin(0.22);
        BarRenderer bars = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return column == data.getColumnCount() - 1 ? ChartStyle.VERMILLION : ChartStyle.BLUE;
            }
        };
        bars.setShadowVisible(false);
        bars.setMaximumBarWidth(0.09);
        bars.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.category.CategoryDataset d, int row, int column) {
                long v = d.getValue(row, column).longValue();
                return String.format(Locale.ROOT, "%,d (%.1f%%)", v, 100.0 * v / unmatched);
            }
        });
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(ChartStyle.font(Font.PLAIN, 13));
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        bars.setItemLabelAnchorOffset(6);
        CategoryPlot plot = new CategoryPlot(data, cat, val, bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setDomainGridlinesVisible(false);

        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "Candidate funnel: %,d unmatched sources → %,d candidates",
                unmatched, candidates), ChartStyle.font(Font.BOLD, 20), plot, false);
        ChartStyle.apply(chart);
        if (sources > 0) {
            ChartStyle.subtitle(chart, String.format(Locale.ROOT,
                    "of %,d sources, %,d (%.1f%%) had no reference counterpart", sources, unmatched,
                    100.0 * unmatched / sources));
        }
        return ctx.save("funnel.png", chart, ChartStyle.WIDTH, 560,
                "How the candidate gates narrow the sources that have no reference counterpart within the match "
                        + "radius. Each bar counts the sources still in after that gate (percent of the unmatched "
                        + "sources); the red bar at the bottom is the candidates. A long drop at one gate says which "
                        + "test removes the most: flags (blends, saturation, border), snr, fwhm (cosmic rays, "
                        + "extended objects), elongation (trails), spread_model, extent, shape_outlier, bright_star "
                        + "(halos), spike (diffraction spikes) and edge (image border). From summary.json \"funnel\".");
    }
}
