package org.skysift.report.cutout;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A candidate's stamp as a PNG: the plate resampled north up and east left around the candidate
 * ({@link StampSampler}), stretched linearly from the 1st to the 99.5th percentile ({@link Stretch}), shown
 * black on white like a printed finder chart, magnified with nearest neighbour so plate pixels stay
 * visible, with a reticle on the candidate, a ring on each reference star near it, and a caption
 * strip below the data (title, scale bar, compass) so no annotation covers a pixel of the plate.
 */
public final class CutoutRenderer {
    static {
        // executors have no display; AWT must not look for one
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Okabe-Ito vermillion and blue: apart for colour-blind readers, and both dark enough on the light sky. */
    static final Color CANDIDATE = new Color(213, 94, 0);
    static final Color NEIGHBOUR = new Color(0, 114, 178);
    /**
     * No data (off the plate, blank): diagonal stripes, which no sky looks like, of two faintly blue
     * greys, which no stretched pixel (r = g = b) equals.
     */
    static final Color FILL_A = new Color(150, 150, 162);
    static final Color FILL_B = new Color(122, 122, 134);
    static final Color STRIP = new Color(40, 40, 40);
    static final Color STRIP_TEXT = new Color(235, 235, 235);

    private final int sizePx;
    private final double neighbourArcsec;
    private final double ringArcsec;

    /**
     * @param sizePx stamp size in plate pixels
     * @param neighbourArcsec reference stars within this of the candidate are ringed
     * @param ringArcsec ring radius (the match radius)
     */
    public CutoutRenderer(int sizePx, double neighbourArcsec, double ringArcsec) {
        if (sizePx < 1) {
            throw new IllegalArgumentException("cutout size " + sizePx + " px");
        }
        this.sizePx = sizePx;
        this.neighbourArcsec = neighbourArcsec;
        this.ringArcsec = ringArcsec;
    }

    public StampLayout layout(PlateImage plate, Subject subject, List<SkyPoint> refs) {
        StampFrame frame = StampFrame.at(subject.ra(), subject.dec(), sizePx, plate.wcs().pixelScaleArcsec());
        return StampLayout.of(frame, subject, refs, neighbourArcsec, ringArcsec);
    }

    public byte[] png(PlateImage plate, Subject subject, List<SkyPoint> refs) {
        BufferedImage img = image(plate, subject, refs);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in javax.imageio");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public BufferedImage image(PlateImage plate, Subject subject, List<SkyPoint> refs) {
        StampLayout layout = layout(plate, subject, refs);
        float[] stamp = StampSampler.sample(plate, layout.frame());
        Stretch stretch = Stretch.of(stamp);
        BufferedImage img = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        paintData(img, stamp, layout, stretch);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setClip(0, 0, layout.dataSize(), layout.dataSize()); // marks stay on the data, off the caption
            drawReticle(g, layout);
            drawRings(g, layout);
            g.setClip(null);
            drawStrip(g, layout, subject);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void paintData(BufferedImage img, float[] stamp, StampLayout layout, Stretch stretch) {
        int n = layout.frame().n(), zoom = layout.zoom();
        int[] row = new int[layout.dataSize()];
        for (int y = 0; y < layout.dataSize(); y++) {
            int sr = y / zoom;
            for (int x = 0; x < layout.dataSize(); x++) {
                double level = stretch.level(stamp[sr * n + x / zoom]);
                if (Double.isNaN(level)) {
                    row[x] = ((x + y) / 6) % 2 == 0 ? FILL_A.getRGB() : FILL_B.getRGB();
                } else {
                    int grey = (int) Math.round(255 * (1 - level)); // stars dark on a light sky
                    row[x] = 0xFF000000 | grey << 16 | grey << 8 | grey;
                }
            }
            img.setRGB(0, y, layout.dataSize(), 1, row, 0, layout.dataSize());
        }
    }

    /** Four ticks pointing at the candidate, leaving the source itself uncovered. */
    private static void drawReticle(Graphics2D g, StampLayout l) {
        g.setColor(CANDIDATE);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        double cx = l.centreX(), cy = l.centreY(), a = l.reticleGap(), b = l.reticleGap() + l.reticleTick();
        g.draw(new Line2D.Double(cx, cy - b, cx, cy - a));
        g.draw(new Line2D.Double(cx, cy + a, cx, cy + b));
        g.draw(new Line2D.Double(cx - b, cy, cx - a, cy));
        g.draw(new Line2D.Double(cx + a, cy, cx + b, cy));
    }

    private static void drawRings(Graphics2D g, StampLayout l) {
        g.setColor(NEIGHBOUR);
        g.setStroke(new BasicStroke(2f));
        double r = l.ringRadius();
        for (StampLayout.Ring ring : l.rings()) {
            g.draw(new Ellipse2D.Double(ring.x() - r, ring.y() - r, 2 * r, 2 * r));
        }
    }

    /** Caption at the left, scale bar in the middle, compass (N up, E left: always so) at the right. */
    private static void drawStrip(Graphics2D g, StampLayout l, Subject subject) {
        int top = l.dataSize(), w = l.width(), h = l.stripHeight();
        g.setColor(STRIP);
        g.fillRect(0, top, w, h);
        g.setColor(STRIP_TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int arm = 14, compassX = w - 7, compassY = top + h - 7;
        int line1 = top + fm.getAscent() + 2, line2 = line1 + fm.getHeight();

        double barRight = compassX - arm - fm.stringWidth("E") - 12, barLeft = barRight - l.scaleBarPx();
        double barY = compassY;
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g.draw(new Line2D.Double(barLeft, barY, barRight, barY));
        g.draw(new Line2D.Double(barLeft, barY - 3, barLeft, barY + 3));
        g.draw(new Line2D.Double(barRight, barY - 3, barRight, barY + 3));
        String bar = l.scaleBarArcsec() % 60 == 0 ? l.scaleBarArcsec() / 60 + "'" : l.scaleBarArcsec() + "\"";
        g.drawString(bar, (float) ((barLeft + barRight - fm.stringWidth(bar)) / 2), (float) (barY - 5));

        int textRight = (int) barLeft - 6;
        drawFitting(g, fm, subject.title(), 4, line1, textRight);
        drawFitting(g, fm, subject.detail(), 4, line2, textRight);

        g.setStroke(new BasicStroke(1.5f));
        arrow(g, compassX, compassY, compassX, compassY - arm);
        arrow(g, compassX, compassY, compassX - arm, compassY);
        g.drawString("N", compassX - fm.stringWidth("N") / 2f, compassY - arm - 2);
        g.drawString("E", compassX - arm - fm.stringWidth("E") - 3, compassY + fm.getAscent() / 2f - 1);
    }

    private static void drawFitting(Graphics2D g, FontMetrics fm, String text, int x, int y, int right) {
        if (text != null && x + fm.stringWidth(text) <= right) {
            g.drawString(text, x, y);
        }
    }

    private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1) {
        g.draw(new Line2D.Double(x0, y0, x1, y1));
        double a = Math.atan2(y1 - y0, x1 - x0), len = 5, spread = Math.toRadians(28);
        Path2D.Double head = new Path2D.Double();
        head.moveTo(x1, y1);
        head.lineTo(x1 - len * Math.cos(a - spread), y1 - len * Math.sin(a - spread));
        head.lineTo(x1 - len * Math.cos(a + spread), y1 - len * Math.sin(a + spread));
        head.closePath();
        g.fill(head);
    }
}
