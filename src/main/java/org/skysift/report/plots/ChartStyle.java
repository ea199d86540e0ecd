package org.skysift.report.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * One look for every figure: white background, fonts readable at the stated sizes, a colour-blind-safe
 * palette (Okabe and Ito), and PNG rendering without a display.
 */
final class ChartStyle {
    static final Color BLUE = new Color(0x0072B2);
    static final Color ORANGE = new Color(0xE69F00);
    static final Color VERMILLION = new Color(0xD55E00);
    static final Color GREEN = new Color(0x009E73);
    static final Color SKY = new Color(0x56B4E9);
    static final Color PURPLE = new Color(0xCC79A7);
    static final Color GREY = new Color(0x999999);
    static final Color GRID = new Color(0xDDDDDD);
    static final Color INK = new Color(0x222222);

    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    private static final String FAMILY = Font.SANS_SERIF;

    private ChartStyle() {}

    static {
        // executors and drivers have no display; JFreeChart only needs Java2D
        System.setProperty("java.awt.headless", "true");
    }

    static Font font(int style, int size) {
        return new Font(FAMILY, style, size);
    }

    static BasicStroke stroke(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    /**
     * Fonts and colours for a chart built by hand. Done here rather than with a ChartTheme because a
     * theme also resets the series colours each figure chose.
     */
    static JFreeChart apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(font(Font.BOLD, 20));
            chart.getTitle().setPaint(INK);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setItemFont(font(Font.PLAIN, 14));
            legend.setItemPaint(INK);
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 14));
        }
        style(chart.getPlot());
        return chart;
    }

    /** A line under the title. */
    static void subtitle(JFreeChart chart, String text) {
        TextTitle t = new TextTitle(text, font(Font.PLAIN, 14));
        t.setPaint(new Color(0x555555));
        t.setPadding(new RectangleInsets(2, 0, 6, 0));
        chart.addSubtitle(0, t);
    }

    private static void style(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(GREY);
        if (plot instanceof XYPlot xy) {
            for (int i = 0; i < xy.getRendererCount(); i++) {
                if (xy.getRenderer(i) instanceof XYBarRenderer bars) {
                    bars.setBarPainter(new StandardXYBarPainter());
                    bars.setShadowVisible(false);
                }
            }
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setAxisOffset(RectangleInsets.ZERO_INSETS);
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                style(xy.getDomainAxis(i));
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                style(xy.getRangeAxis(i));
            }
        } else if (plot instanceof CategoryPlot cat) {
            for (int i = 0; i < cat.getRendererCount(); i++) {
                if (cat.getRenderer(i) instanceof BarRenderer bars) {
                    bars.setBarPainter(new StandardBarPainter());
                    bars.setShadowVisible(false);
                }
            }
            // horizontal bars read best with the value scale underneath
            cat.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
            cat.setDomainGridlinePaint(GRID);
            cat.setRangeGridlinePaint(GRID);
            cat.setAxisOffset(RectangleInsets.ZERO_INSETS);
            style(cat.getDomainAxis());
            for (int i = 0; i < cat.getRangeAxisCount(); i++) {
                style(cat.getRangeAxis(i));
            }
            if (cat instanceof CombinedDomainCategoryPlot combined) {
                for (Object sub : combined.getSubplots()) {
                    style((Plot) sub);
                }
            }
        }
    }

    private static void style(Axis axis) {
        if (axis == null) {
            return;
        }
        axis.setLabelFont(font(Font.PLAIN, 15));
        axis.setTickLabelFont(font(Font.PLAIN, 13));
        if (axis.getLabelPaint().equals(Axis.DEFAULT_AXIS_LABEL_PAINT)) {
            axis.setLabelPaint(INK);
            axis.setTickLabelPaint(INK);
        }
        axis.setAxisLinePaint(GREY);
        axis.setTickMarkPaint(GREY);
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + chart.getTitle(), e);
        }
        return out.toByteArray();
    }

    /**
     * Widens one axis range so a unit spans as many pixels across as up, as a sky map needs; the
     * plot's data area is found by laying the chart out once at the final size.
     */
    static void equalAspect(JFreeChart chart, XYPlot plot, int width, int height) {
        BufferedImage scratch = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height), info);
        g.dispose();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        ValueAxis x = plot.getDomainAxis(), y = plot.getRangeAxis();
        double xPerPx = x.getRange().getLength() / area.getWidth();
        double yPerPx = y.getRange().getLength() / area.getHeight();
        if (xPerPx > yPerPx) {
            widen(y, xPerPx * area.getHeight());
        } else {
            widen(x, yPerPx * area.getWidth());
        }
    }

    private static void widen(ValueAxis axis, double length) {
        double c = axis.getRange().getCentralValue();
        axis.setAutoRange(false);
        axis.setRange(c - length / 2, c + length / 2);
    }
}
