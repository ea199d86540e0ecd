package org.skysift.report.plots;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.skysift.sky.Gnomonic;

/**
 * The whole sky in Mollweide (RA increasing to the left) with tiles coloured by status and the
 * candidates marked, and a gnomonic close-up of the covered region with the tile squares outlined.
 */
final class SkyPlots {
    static final int MAP_WIDTH = 1000;
    static final int MAP_HEIGHT = 560;
    static final int REGION_SIZE = 760;
    static final int MAX_POINTS = 100_000;
    private static final Color OK = ChartStyle.BLUE;
    private static final Color FAILED = ChartStyle.VERMILLION;
    private static final Color CANDIDATE = ChartStyle.ORANGE;
    private static final Color MISSED = new Color(0x444444);

    private SkyPlots() {}

    record TileBox(double ra, double dec, double widthArcmin, double heightArcmin, boolean ok) {}

    record Point(double ra, double dec, Boolean injected) {}

    static List<Figure> write(PlotContext ctx) {
        List<TileBox> tiles = new ArrayList<>();
        for (PlotTiles.Tile t : ctx.tiles().get()) {
            tiles.add(new TileBox(t.ra(), t.dec(), t.widthArcmin(), t.heightArcmin(), t.ok()));
        }
        List<Figure> out = new ArrayList<>();
        if (tiles.isEmpty()) {
            return out;
        }
        // the candidates and the missed injections in one query, told apart by a tag
        Dataset<Row> marks = ctx.table("candidates").select(lit(0).as("set"), col("ra"), col("dec"), col("injected"))
                .limit(MAX_POINTS)
                .union(ctx.table("injections").where(col("recovered").equalTo(false))
                        .select(lit(1).as("set"), col("ra"), col("dec"), lit(null).cast("boolean")).limit(MAX_POINTS));
        List<Point> candidates = new ArrayList<>(), missed = new ArrayList<>();
        for (Row r : marks.collectAsList()) {
            (r.getInt(0) == 0 ? candidates : missed).add(new Point(r.getDouble(1), r.getDouble(2),
                    r.isNullAt(3) ? null : r.getBoolean(3)));
        }
        out.add(skyMap(ctx, tiles, candidates));
        out.add(region(ctx, tiles, candidates, missed));
        return out;
    }

    private static Figure skyMap(PlotContext ctx, List<TileBox> tiles, List<Point> candidates) {
        XYSeriesCollection grid = new XYSeriesCollection();
        for (int ra = 0; ra < 360; ra += 60) {
            if (ra == 180) {
                continue; // the map's edge
            }
            XYSeries m = new XYSeries("ra" + ra, false, true);
            for (int d = -90; d <= 90; d += 2) {
                add(m, Mollweide.project(ra, d));
            }
            grid.addSeries(m);
        }
        for (int dec = -60; dec <= 60; dec += 30) {
            grid.addSeries(parallel(dec));
        }
        XYSeries edge = new XYSeries("edge", false, true);
        for (int k = 0; k <= 360; k += 2) {
            double t = Math.toRadians(k);
            edge.add(Mollweide.X_MAX * Math.cos(t), Mollweide.Y_MAX * Math.sin(t));
        }
        grid.addSeries(edge);

        XYSeries ok = new XYSeries("ok", false, true), failed = new XYSeries("failed", false, true);
        for (TileBox t : tiles) {
            add(t.ok ? ok : failed, Mollweide.project(t.ra, t.dec));
        }
        XYSeries cands = new XYSeries("candidates", false, true);
        for (Point p : candidates) {
            add(cands, Mollweide.project(p.ra, p.dec));
        }
        XYSeriesCollection marks = new XYSeriesCollection();
        marks.addSeries(ok);
        marks.addSeries(failed);
        marks.addSeries(cands);

        NumberAxis x = hiddenAxis(-Mollweide.X_MAX - 0.42, Mollweide.X_MAX + 0.42);
        NumberAxis y = hiddenAxis(-Mollweide.Y_MAX - 0.06, Mollweide.Y_MAX + 0.06);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        lines.setAutoPopulateSeriesPaint(false);
        lines.setAutoPopulateSeriesStroke(false);
        lines.setDefaultPaint(new Color(0xBBBBBB));
        lines.setDefaultStroke(ChartStyle.stroke(0.8f));
        lines.setSeriesPaint(grid.getSeriesCount() - 1, ChartStyle.GREY);
        lines.setSeriesStroke(grid.getSeriesCount() - 1, ChartStyle.stroke(1.4f));
        XYPlot plot = new XYPlot(grid, x, y, lines);
        plot.setDataset(1, marks);
        plot.setRenderer(1, markRenderer(6, 9));
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        for (int ra = 0; ra < 360; ra += 60) {
            if (ra == 180) {
                continue;
            }
            double[] p = Mollweide.project(ra, 0);
            plot.addAnnotation(label(String.format(Locale.ROOT, "%dh", ra / 15), p[0], p[1] - 0.05, TextAnchor.TOP_CENTER));
        }
        plot.addAnnotation(label("12h", -Mollweide.X_MAX - 0.05, 0, TextAnchor.CENTER_RIGHT));
        plot.addAnnotation(label("12h", Mollweide.X_MAX + 0.05, 0, TextAnchor.CENTER_LEFT));
        for (int dec = -60; dec <= 60; dec += 30) {
            if (dec == 0) {
                continue;
            }
            double[] p = Mollweide.project(179.9999, dec);
            plot.addAnnotation(label(String.format(Locale.ROOT, "%+d°", dec).replace('-', '−'), p[0] - 0.05, p[1],
                    TextAnchor.CENTER_RIGHT));
        }
        LegendItemCollection items = tileLegend(ok.getItemCount(), failed.getItemCount());
        items.add(item("candidate (" + cands.getItemCount() + ")", cross(), CANDIDATE, true));
        plot.setFixedLegendItems(items);

        JFreeChart chart = new JFreeChart("Sky coverage", ChartStyle.font(Font.BOLD, 20), plot, true);
        ChartStyle.apply(chart);
        ChartStyle.subtitle(chart, "Mollweide projection, equatorial (ICRS); RA increases to the left, centre 0h");
        ChartStyle.equalAspect(chart, plot, MAP_WIDTH, MAP_HEIGHT);
        return ctx.save("sky_map.png", chart, MAP_WIDTH, MAP_HEIGHT,
                "Where the run looked: every tile centre on an equal-area map of the whole sky (Mollweide, "
                        + "equatorial coordinates, RA increasing to the left as seen from inside the sphere, 0h in "
                        + "the centre, 12h at both edges; meridians every 4h, parallels every 30°). Blue squares "
                        + "are tiles processed ok, red squares tiles that failed (see the tiles table's error "
                        + "columns), orange crosses candidates. Markers are drawn larger than the tiles ("
                        + Histogram.num(tiles.get(0).widthArcmin()) + "′ across); sky_region.png shows them to scale.");
    }

    private static Figure region(PlotContext ctx, List<TileBox> tiles, List<Point> candidates, List<Point> missed) {
        double[] ra = tiles.stream().mapToDouble(TileBox::ra).toArray();
        double[] dec = tiles.stream().mapToDouble(TileBox::dec).toArray();
        double halfDiag = tiles.stream().mapToDouble(t -> Math.hypot(t.widthArcmin, t.heightArcmin) / 120).max().orElse(0.5);
        SkyRegion view = SkyRegion.of(ra, dec, halfDiag);
        Gnomonic g = Gnomonic.at(view.ra(), view.dec());
        double h = view.halfWidth();

        XYSeries onInjected = new XYSeries("on injected", false, true);
        XYSeries other = new XYSeries("candidates", false, true);
        XYSeries lost = new XYSeries("missed", false, true);
        for (Point p : candidates) {
            addIfInside(Boolean.TRUE.equals(p.injected) ? onInjected : other, g.project(p.ra, p.dec), h);
        }
        for (Point p : missed) {
            addIfInside(lost, g.project(p.ra, p.dec), h);
        }
        boolean synthetic = candidates.stream().anyMatch(p -> p.injected != null) || !missed.isEmpty();
        XYSeriesCollection marks = new XYSeriesCollection();
        marks.addSeries(other);
        marks.addSeries(onInjected);
        marks.addSeries(lost);

        NumberAxis x = new NumberAxis("ξ: degrees east of the centre (east to the left)");
        x.setInverted(true);
        x.setRange(-h, h);
        NumberAxis y = new NumberAxis("η: degrees north of the centre");
        y.setRange(-h, h);
        org.jfree.chart.axis.NumberTickUnit tick = new org.jfree.chart.axis.NumberTickUnit(HistogramChart.niceStep(2 * h, 8));
        x.setTickUnit(tick);
        y.setTickUnit(tick);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesShape(0, cross());
        r.setSeriesPaint(0, CANDIDATE);
        r.setSeriesShape(1, cross());
        r.setSeriesPaint(1, ChartStyle.GREEN);
        r.setSeriesShape(2, circle());
        r.setSeriesShapesFilled(2, false);
        r.setSeriesPaint(2, MISSED);
        r.setUseOutlinePaint(false);
        XYPlot plot = new XYPlot(marks, x, y, r);
        plot.setDomainGridlinesVisible(true);
        plot.setRangeGridlinesVisible(true);

        int shown = 0;
        for (TileBox t : tiles) {
            double[] poly = outline(t, g, h);
            if (poly == null) {
                continue;
            }
            shown++;
            Color c = t.ok ? OK : FAILED;
            plot.addAnnotation(new XYPolygonAnnotation(poly, ChartStyle.stroke(1.6f), c,
                    new Color(c.getRed(), c.getGreen(), c.getBlue(), 28)));
        }
        long okShown = tiles.stream().filter(t -> t.ok && outline(t, g, h) != null).count();
        LegendItemCollection items = tileLegend(okShown, shown - okShown);
        if (synthetic) {
            items.add(item("candidate, injected (" + onInjected.getItemCount() + ")", cross(), ChartStyle.GREEN, true));
            items.add(item("candidate, other (" + other.getItemCount() + ")", cross(), CANDIDATE, true));
            items.add(item("injection missed (" + lost.getItemCount() + ")", circle(), MISSED, false));
        } else {
            items.add(item("candidate (" + other.getItemCount() + ")", cross(), CANDIDATE, true));
        }
        plot.setFixedLegendItems(items);

        JFreeChart chart = new JFreeChart("Covered region", ChartStyle.font(Font.BOLD, 20), plot, true);
        ChartStyle.apply(chart);
        ChartStyle.subtitle(chart, String.format(Locale.ROOT,
                "gnomonic projection about RA %.3f°, Dec %+.3f°; %d of %d tiles in view", view.ra(), view.dec(),
                shown, tiles.size()));
        ChartStyle.equalAspect(chart, plot, REGION_SIZE, REGION_SIZE);
        String where = shown == tiles.size() ? "all tiles of the run"
                : "the densest group of tiles (the run's tiles are spread over the sky; the others are on sky_map.png)";
        return ctx.save("sky_region.png", chart, REGION_SIZE, REGION_SIZE,
                "A to-scale close-up of " + where + ", in a gnomonic (tangent-plane) projection about the "
                        + "centre named in the subtitle: east to the left, north up, axes in degrees from the centre. Each "
                        + "square is a tile's footprint (blue ok, red failed); crosses are candidates"
                        + (synthetic ? " (green on a withheld synthetic star, orange otherwise) and open circles "
                        + "the withheld stars no candidate recovered" : "") + ".");
    }

    /** The tile's square, traced along its edges in its own tangent plane and projected about the view centre. */
    private static double[] outline(TileBox t, Gnomonic view, double h) {
        Gnomonic own = Gnomonic.at(t.ra, t.dec);
        double a = t.widthArcmin / 120, b = t.heightArcmin / 120;
        double[][] corners = {{-a, -b}, {a, -b}, {a, b}, {-a, b}};
        int per = 6;
        double[] poly = new double[4 * per * 2];
        boolean inside = false;
        for (int e = 0; e < 4; e++) {
            double[] p0 = corners[e], p1 = corners[(e + 1) % 4];
            for (int k = 0; k < per; k++) {
                double f = (double) k / per;
                double[] sky = own.deproject(p0[0] + f * (p1[0] - p0[0]), p0[1] + f * (p1[1] - p0[1]));
                double[] p = view.project(sky[0], sky[1]);
                if (p == null) {
                    return null;
                }
                int i = (e * per + k) * 2;
                poly[i] = p[0];
                poly[i + 1] = p[1];
                inside |= Math.abs(p[0]) <= h && Math.abs(p[1]) <= h;
            }
        }
        return inside ? poly : null;
    }

    private static LegendItemCollection tileLegend(long ok, long failed) {
        LegendItemCollection items = new LegendItemCollection();
        Shape square = new Rectangle2D.Double(-5, -5, 10, 10);
        items.add(item("tile ok (" + ok + ")", square, OK, true));
        items.add(item("tile failed (" + failed + ")", square, FAILED, true));
        return items;
    }

    private static Shape cross() {
        return ShapeUtils.createDiagonalCross(4.5f, 1.0f);
    }

    private static Shape circle() {
        return new Ellipse2D.Double(-5, -5, 10, 10);
    }

    private static LegendItem item(String label, Shape shape, Color c, boolean filled) {
        LegendItem li = new LegendItem(label, null, null, null, true, shape, filled, c, !filled, c,
                ChartStyle.stroke(1.5f), false, shape, ChartStyle.stroke(1f), c);
        li.setLabelFont(ChartStyle.font(Font.PLAIN, 14));
        return li;
    }

    private static XYLineAndShapeRenderer markRenderer(double tileSize, double crossSize) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        Shape sq = new Rectangle2D.Double(-tileSize / 2, -tileSize / 2, tileSize, tileSize);
        r.setSeriesShape(0, sq);
        r.setSeriesPaint(0, OK);
        r.setSeriesShape(1, sq);
        r.setSeriesPaint(1, FAILED);
        r.setSeriesShape(2, ShapeUtils.createDiagonalCross((float) crossSize / 2, 1.0f));
        r.setSeriesPaint(2, CANDIDATE);
        return r;
    }

    private static XYSeries parallel(int dec) {
        XYSeries s = new XYSeries("dec" + dec, false, true);
        for (int k = -180; k <= 180; k += 3) {
            double east = k == -180 ? -179.9999 : k == 180 ? 179.9999 : k;
            add(s, Mollweide.project(east < 0 ? east + 360 : east, dec));
        }
        return s;
    }

    private static NumberAxis hiddenAxis(double lo, double hi) {
        NumberAxis a = new NumberAxis();
        a.setRange(lo, hi);
        a.setVisible(false);
        return a;
    }

    private static XYTextAnnotation label(String text, double x, double y, TextAnchor anchor) {
        XYTextAnnotation a = new XYTextAnnotation(text, x, y);
        a.setFont(ChartStyle.font(Font.PLAIN, 13));
        a.setPaint(new Color(0x555555));
        a.setTextAnchor(anchor);
        return a;
    }

    private static void add(XYSeries s, double[] p) {
        s.add(p[0], p[1]);
    }

    private static void addIfInside(XYSeries s, double[] p, double h) {
        if (p != null && Math.abs(p[0]) <= h && Math.abs(p[1]) <= h) {
            s.add(p[0], p[1]);
        }
    }
}
