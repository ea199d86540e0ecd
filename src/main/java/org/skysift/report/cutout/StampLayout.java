package org.skysift.report.cutout;

import java.util.ArrayList;
import java.util.List;
import org.skysift.sky.Angles;

/**
 * Where everything on a stamp image goes, in display pixels (origin at the image's top-left corner,
 * y down): the data square (stamp pixels magnified by {@code zoom}, nearest neighbour), the
 * candidate's reticle, a ring on each reference neighbour and the caption strip below the data
 * with the scale bar. Computed apart from the drawing so it can be checked by itself.
 *
 * @param ringRadius radius of the neighbour rings: the match radius, so a candidate outside every ring
 *                   had no counterpart within it
 */
public record StampLayout(StampFrame frame, int zoom, int dataSize, int stripHeight, double centreX, double centreY,
                          double reticleGap, double reticleTick, List<Ring> rings, double ringRadius,
                          int scaleBarArcsec, double scaleBarPx) {
    /** Target display size of the data square (pixels); a 64 px stamp is magnified 4 times. */
    static final int DISPLAY_PX = 256;
    static final int STRIP_PX = 32;
    /** The scale bar takes at most this many display pixels (room in the strip beside caption and compass). */
    static final int SCALE_BAR_MAX_PX = 96;
    private static final int[] SCALE_BAR_ARCSEC = {1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600};

    /** A neighbour's ring: display centre and the neighbour's separation from the candidate. */
    public record Ring(double x, double y, double sepArcsec) {}

    public int width() {
        return dataSize;
    }

    public int height() {
        return dataSize + stripHeight;
    }

    /**
     * @param neighbourArcsec reference stars up to this far from the candidate get a ring
     * @param ringArcsec the ring radius on the sky (the match radius)
     */
    public static StampLayout of(StampFrame frame, Subject subject, List<SkyPoint> refs, double neighbourArcsec,
                                 double ringArcsec) {
        int n = frame.n();
        int zoom = Math.max(1, (int) Math.round(DISPLAY_PX / (double) n));
        int size = n * zoom;
        double centre = (frame.centre() + 0.5) * zoom;
        double scale = frame.scaleArcsec();
        // keep the ticks clear of the source's core and wings: 1.5 FWHM, at least 2 stamp pixels
        double fwhm = Double.isFinite(subject.fwhmPx()) && subject.fwhmPx() > 0 ? subject.fwhmPx() : 2.5;
        double gap = Math.max(1.5 * fwhm, 2.0) * zoom;
        double tick = Math.max(3.0 * zoom, 8);
        List<Ring> rings = new ArrayList<>();
        for (SkyPoint r : refs) {
            double sep = Angles.separationArcsec(subject.ra(), subject.dec(), r.ra(), r.dec());
            if (sep <= neighbourArcsec) {
                double[] p = frame.stamp(r.ra(), r.dec());
                if (p == null) {
                    continue;
                }
                rings.add(new Ring((p[0] + 0.5) * zoom, (p[1] + 0.5) * zoom, sep));
            }
        }
        double ringPx = Math.max(ringArcsec / scale * zoom, 4);
        int bar = SCALE_BAR_ARCSEC[0];
        for (int a : SCALE_BAR_ARCSEC) {
            if (a / scale * zoom <= Math.min(SCALE_BAR_MAX_PX, 0.4 * size)) {
                bar = a;
            }
        }
        return new StampLayout(frame, zoom, size, STRIP_PX, centre, centre, gap, tick, List.copyOf(rings), ringPx, bar,
                bar / scale * zoom);
    }
}
