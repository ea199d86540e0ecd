package org.skysift.report.cutout;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A transient's triplet as a PNG: the same stamp of the reference, the new image and their difference
 * side by side on the reference's pixel grid (x right, y up, as ds9 shows a FITS image), magnified
 * with nearest neighbour so pixels stay visible. Reference and new are dark on a light sky like the
 * candidate stamps, on one common stretch ({@link TripletStretch}); the difference is white at 0,
 * vermillion where the new epoch is brighter and blue where it is fainter (Okabe-Ito hues, apart for
 * colour-blind readers), with a key in the caption. Ticks point at the transient in every panel;
 * masked or off-grid pixels are striped grey; the labels sit above and below the data.
 */
public final class TripletRenderer {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Target display size of one panel; a 64 px stamp is magnified 3 times. */
    static final int PANEL_PX = 192;
    static final int GAP = 6;
    static final int HEAD = 20;
    static final int FOOT = 38;
    static final Color BACKGROUND = new Color(40, 40, 40);
    static final Color TEXT = new Color(235, 235, 235);
    static final Color TICKS = new Color(0, 158, 115);
    static final Color GAIN = new Color(213, 94, 0);
    static final Color LOSS = new Color(0, 114, 178);
    /** The diverging map: level -1, -0.5, 0, 0.5, 1. */
    private static final int[][] DIVERGING = {{0, 52, 100}, {0, 114, 178}, {248, 248, 248}, {213, 94, 0}, {110, 38, 0}};

    /**
     * The words around the panels.
     *
     * @param referenceLabel above the first panel (epoch name and year)
     * @param newLabel       above the second panel
     * @param title          first caption line (tile, transient, kind, S/N)
     * @param detail         second caption line (fluxes), may be null
     */
    public record Caption(String referenceLabel, String newLabel, String title, String detail) {}

    private final int sizePx;

    public TripletRenderer(int sizePx) {
        if (sizePx < 1) {
            throw new IllegalArgumentException("cutout size " + sizePx + " px");
        }
        this.sizePx = sizePx;
    }

    public int zoom() {
        return Math.max(1, (int) Math.round(PANEL_PX / (double) sizePx));
    }

    /** Display x of the left edge of panel p (0 reference, 1 new, 2 difference). */
    public int panelLeft(int p) {
        return GAP + p * (sizePx * zoom() + GAP);
    }

    public int panelTop() {
        return HEAD;
    }

    public int width() {
        return 3 * sizePx * zoom() + 4 * GAP;
    }

    public int height() {
        return HEAD + sizePx * zoom() + FOOT;
    }

    /** Grid pixel (0-based) of the stamp's first column and row: the transient's pixel at the stamp's centre. */
    public int[] origin(double x, double y) {
        return new int[] {(int) Math.round(x) - sizePx / 2, (int) Math.round(y) - sizePx / 2};
    }

    public byte[] png(Triplet planes, double x, double y, Caption caption) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            if (!ImageIO.write(image(planes, x, y, caption), "png", out)) {
                throw new IllegalStateException("no PNG writer in javax.imageio");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @param x transient position on the grid, 0-based pixels (pixel centres at integers) */
    public BufferedImage image(Triplet planes, double x, double y, Caption caption) {
        int[] o = origin(x, y);
        float[][] stamps = new float[3][];
        for (int p = 0; p < 3; p++) {
            stamps[p] = planes.stamp(p, o[0], o[1], sizePx);
        }
        TripletStretch stretch = TripletStretch.of(stamps[0], stamps[1], stamps[2]);
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width(), height());
            for (int p = 0; p < 3; p++) {
                paint(img, stamps[p], p, stretch);
            }
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int z = zoom(), side = sizePx * z;
            // the pixel centre of grid x is at display (x - o + 0.5) * zoom; y is flipped (y up)
            double cx = (x - o[0] + 0.5) * z, cy = side - (y - o[1] + 0.5) * z;
            for (int p = 0; p < 3; p++) {
                g.setClip(panelLeft(p), panelTop(), side, side);
                ticks(g, panelLeft(p) + cx, panelTop() + cy, z);
            }
            g.setClip(null);
            labels(g, caption);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void paint(BufferedImage img, float[] stamp, int p, TripletStretch stretch) {
        int z = zoom(), side = sizePx * z, left = panelLeft(p), top = panelTop();
        int[] row = new int[side];
        for (int dy = 0; dy < side; dy++) {
            int sr = sizePx - 1 - dy / z; // display rows run down, grid rows up
            for (int dx = 0; dx < side; dx++) {
                float v = stamp[sr * sizePx + dx / z];
                double level = p == 2 ? stretch.diverging(v) : stretch.level(v);
                if (Double.isNaN(level)) {
                    row[dx] = ((dx + dy) / 6) % 2 == 0 ? CutoutRenderer.FILL_A.getRGB() : CutoutRenderer.FILL_B.getRGB();
                } else if (p == 2) {
                    row[dx] = diverging(level);
                } else {
                    int grey = (int) Math.round(255 * (1 - level)); // sources dark on a light sky
                    row[dx] = 0xFF000000 | grey << 16 | grey << 8 | grey;
                }
            }
            img.setRGB(left, top + dy, side, 1, row, 0, side);
        }
    }

    /** The colour of a diverging level in -1..1, interpolated between the map's five anchors. */
    static int diverging(double level) {
        double t = (Math.max(-1, Math.min(1, level)) + 1) * 2; // 0..4
        int i = Math.min((int) t, 3);
        double f = t - i;
        int rgb = 0xFF000000;
        for (int c = 0; c < 3; c++) {
            int v = (int) Math.round(DIVERGING[i][c] + f * (DIVERGING[i + 1][c] - DIVERGING[i][c]));
            rgb |= v << (16 - 8 * c);
        }
        return rgb;
    }

    /** Four ticks pointing at the transient, leaving it uncovered. */
    private static void ticks(Graphics2D g, double cx, double cy, int zoom) {
        g.setColor(TICKS);
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        double a = Math.max(4.0 * zoom, 8), b = a + Math.max(3.0 * zoom, 8);
        g.draw(new Line2D.Double(cx, cy - b, cx, cy - a));
        g.draw(new Line2D.Double(cx, cy + a, cx, cy + b));
        g.draw(new Line2D.Double(cx - b, cy, cx - a, cy));
        g.draw(new Line2D.Double(cx + a, cy, cx + b, cy));
    }

    private void labels(Graphics2D g, Caption c) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        FontMetrics fm = g.getFontMetrics();
        int side = sizePx * zoom(), base = (HEAD + fm.getAscent()) / 2 - 1;
        String[] heads = {c.referenceLabel(), c.newLabel(), "difference (new − ref)"};
        g.setColor(TEXT);
        for (int p = 0; p < 3; p++) {
            fit(g, fm, heads[p], panelLeft(p), base, side);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        int top = HEAD + side, line1 = top + fm.getAscent() + 3, line2 = line1 + fm.getHeight();
        int keyWidth = 120, keyLeft = width() - GAP - keyWidth;
        fit(g, fm, c.title(), GAP, line1, keyLeft - 2 * GAP);
        fit(g, fm, c.detail(), GAP, line2, keyLeft - 2 * GAP);
        key(g, fm, keyLeft, top + 6, keyWidth);
    }

    /** The difference colours: fainter (blue) at the left, 0 (white) in the middle, brighter (vermillion) at the right. */
    private static void key(Graphics2D g, FontMetrics fm, int left, int top, int width) {
        int h = 9;
        for (int i = 0; i < width; i++) {
            g.setColor(new Color(diverging(2.0 * i / (width - 1) - 1)));
            g.drawLine(left + i, top, left + i, top + h);
        }
        g.setColor(TEXT);
        int y = top + h + fm.getAscent() + 1;
        g.drawString("fainter", left, y);
        g.drawString("0", left + (width - fm.stringWidth("0")) / 2f, y);
        g.drawString("brighter", left + width - fm.stringWidth("brighter"), y);
    }

    /** Text, shortened with an ellipsis when it would run past the width. */
    private static void fit(Graphics2D g, FontMetrics fm, String text, int x, int y, int width) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String s = text;
        while (s.length() > 1 && fm.stringWidth(s) > width) {
            s = s.substring(0, s.length() - 2) + "…";
        }
        g.drawString(s, x, y);
    }
}
