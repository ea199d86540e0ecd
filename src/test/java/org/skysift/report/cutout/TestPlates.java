package org.skysift.report.cutout;

import java.util.Random;
import org.skysift.wcs.TanWcs;
import org.skysift.wcs.Wcs;

/** Synthetic plates for the stamp tests: flat sky with noise and Gaussian stars placed through the WCS. */
final class TestPlates {
    static final double SKY = 1000;

    private TestPlates() {}

    /** A TAN WCS at (ra, dec), pixel (w+1)/2, (h+1)/2, rotated by angle (deg) and mirrored when asked. */
    static TanWcs tan(double ra, double dec, int w, int h, double scaleArcsec, double angleDeg, boolean mirrored) {
        double s = scaleArcsec / 3600.0, c = Math.cos(Math.toRadians(angleDeg)), n = Math.sin(Math.toRadians(angleDeg));
        // north up east left is CD = diag(-s, s); rotate it, and mirror x (east right) for the other parity
        double px = mirrored ? s : -s;
        return new TanWcs((w + 1) / 2.0, (h + 1) / 2.0, ra, dec, c * px, -n * s, n * px, c * s);
    }

    static final class Builder {
        final int w, h;
        final Wcs wcs;
        final float[] data;

        Builder(int w, int h, Wcs wcs, long seed, double noise) {
            this.w = w;
            this.h = h;
            this.wcs = wcs;
            data = new float[w * h];
            Random rnd = new Random(seed);
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (SKY + noise * rnd.nextGaussian());
            }
        }

        /** A Gaussian star of the given peak and sigma (plate pixels) at a sky position. */
        Builder star(double ra, double dec, double peak, double sigmaPx) {
            double[] p = wcs.skyToPixel(ra, dec);
            int r = (int) Math.ceil(5 * sigmaPx);
            for (int y = (int) p[1] - r; y <= (int) p[1] + r; y++) {
                for (int x = (int) p[0] - r; x <= (int) p[0] + r; x++) {
                    if (x >= 1 && y >= 1 && x <= w && y <= h) {
                        double d2 = (x - p[0]) * (x - p[0]) + (y - p[1]) * (y - p[1]);
                        data[(y - 1) * w + (x - 1)] += (float) (peak * Math.exp(-d2 / (2 * sigmaPx * sigmaPx)));
                    }
                }
            }
            return this;
        }

        PlateImage build() {
            return new PlateImage(data, w, h, wcs);
        }
    }

    /** The sky position offset from (ra, dec) by east and north arcsec on the tangent plane. */
    static SkyPoint offset(double ra, double dec, double eastArcsec, double northArcsec) {
        double[] p = org.skysift.sky.Gnomonic.at(ra, dec).deproject(eastArcsec / 3600.0, northArcsec / 3600.0);
        return new SkyPoint(p[0], p[1]);
    }
}
