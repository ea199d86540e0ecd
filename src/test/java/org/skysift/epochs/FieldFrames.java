package org.skysift.epochs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.skysift.extract.ExtractParams;
import org.skysift.fits.FitsHeader;
import org.skysift.fits.FitsImage;
import org.skysift.wcs.TanWcs;

/**
 * Frames of one star field for stacking tests: Moffat stars of a fixed angular seeing rendered
 * through any TAN WCS (offset, rotated, other pixel scale), sky and Gaussian noise from a seed.
 * The header may carry a different WCS from the one the stars were rendered with, to test the
 * star-based refinement against a known error.
 */
final class FieldFrames {
    static final double RA = 150.0, DEC = 2.0;
    static final double SCALE = 1.7;       // arcsec per pixel of the reference frame
    static final int SIZE = 400;
    static final double SEEING = 5.1;     // arcsec FWHM (3 reference pixels)
    static final double SKY = 2000;       // counts per reference pixel
    static final double GAIN = 1.0, READ_NOISE = 5.0;
    static final double BETA = 3.0;

    record Star(double ra, double dec, double flux) {}

    /**
     * Background-subtracted flux in a circle of radius r px around FITS (x, y): the sky is the mean of
     * an annulus from r + 3 to r + 8 px (a mean, not a median: linear in the pixels, so noise adds no
     * bias between a noisy image and its noise-free model). Null when the circle leaves the image or
     * holds a NaN.
     */
    static Double aperture(float[] img, int w, int h, double x, double y, double r) {
        int xa = (int) Math.floor(x - 1 - r - 9), xb = (int) Math.ceil(x - 1 + r + 9);
        int ya = (int) Math.floor(y - 1 - r - 9), yb = (int) Math.ceil(y - 1 + r + 9);
        if (xa < 0 || ya < 0 || xb >= w || yb >= h) {
            return null;
        }
        double sum = 0;
        int n = 0;
        List<Double> ring = new ArrayList<>();
        for (int j = ya; j <= yb; j++) {
            for (int i = xa; i <= xb; i++) {
                double d = Math.hypot(i + 1 - x, j + 1 - y);
                float v = img[j * w + i];
                if (d <= r) {
                    if (v != v) {
                        return null;
                    }
                    sum += v;
                    n++;
                } else if (d >= r + 3 && d <= r + 8 && v == v) {
                    ring.add((double) v);
                }
            }
        }
        return sum - n * ring.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private FieldFrames() {}

    /** n stars, fluxes log-uniform in [2e3, 3e5] counts, over a square a little larger than a frame. */
    static List<Star> field(int n, long seed) {
        return field(n, seed, SIZE);
    }

    /** As {@link #field(int, long)} for frames of size x size pixels. */
    static List<Star> field(int n, long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        double half = 0.6 * size * SCALE / 3600.0;
        List<Star> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double dec = DEC + (2 * r.nextDouble() - 1) * half;
            double ra = RA + (2 * r.nextDouble() - 1) * half / Math.cos(Math.toRadians(DEC));
            out.add(new Star(ra, dec, Math.exp(Math.log(2e3) + r.nextDouble() * Math.log(3e5 / 2e3))));
        }
        return out;
    }

    /** A TAN WCS whose reference pixel sits (dx, dy) px off the frame centre, turned by rotDeg. */
    static TanWcs wcs(int w, int h, double scale, double rotDeg, double dx, double dy) {
        double s = scale / 3600.0, c = Math.cos(Math.toRadians(rotDeg)), n = Math.sin(Math.toRadians(rotDeg));
        return new TanWcs((w + 1) / 2.0 + dx, (h + 1) / 2.0 + dy, RA, DEC, -s * c, s * n, s * n, s * c);
    }

    static TanWcs reference() {
        return wcs(SIZE, SIZE, SCALE, 0, 0, 0);
    }

    /** Noise-free pixels: sky (scaled to the pixel area) plus stars of a seeing FWHM in arcsec. */
    static float[] model(TanWcs wcs, int w, int h, double scale, List<Star> stars) {
        return model(wcs, w, h, scale, SEEING, stars);
    }

    static float[] model(TanWcs wcs, int w, int h, double scale, double seeing, List<Star> stars) {
        double area = (scale / SCALE) * (scale / SCALE);
        float[] img = new float[w * h];
        java.util.Arrays.fill(img, (float) (SKY * area));
        double fwhm = seeing / scale;
        double alpha = fwhm / (2 * Math.sqrt(Math.pow(2, 1 / BETA) - 1));
        for (Star s : stars) {
            double[] p = wcs.skyToPixel(s.ra(), s.dec());
            double xc = p[0] - 1, yc = p[1] - 1;
            double i0 = s.flux() * (BETA - 1) / (Math.PI * alpha * alpha);
            int r = (int) Math.min(60, Math.ceil(alpha * Math.pow(i0 / 0.01, 1 / (2 * BETA))));
            for (int y = Math.max(0, (int) yc - r); y <= Math.min(h - 1, (int) yc + r); y++) {
                for (int x = Math.max(0, (int) xc - r); x <= Math.min(w - 1, (int) xc + r); x++) {
                    double q = 1 + ((x - xc) * (x - xc) + (y - yc) * (y - yc)) / (alpha * alpha);
                    img[y * w + x] += (float) (i0 / (q * q * q));
                }
            }
        }
        return img;
    }

    /** The model with Poisson (Gaussian approximation) and read noise. */
    static float[] noisy(float[] model, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[model.length];
        for (int i = 0; i < model.length; i++) {
            double sigma = Math.sqrt(Math.max(model[i], 0) / GAIN + READ_NOISE * READ_NOISE);
            out[i] = (float) (model[i] + sigma * r.nextGaussian());
        }
        return out;
    }

    /** A FITS image whose header states headerWcs (CD form). */
    static FitsImage image(float[] data, int w, int h, TanWcs headerWcs) {
        Map<String, String> cards = new LinkedHashMap<>(cards(headerWcs, w, h));
        return new FitsImage(w, h, data, new FitsHeader(cards));
    }

    static Map<String, String> cards(TanWcs wcs, int w, int h) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("NAXIS1", Integer.toString(w));
        c.put("NAXIS2", Integer.toString(h));
        c.put("CTYPE1", "RA---TAN");
        c.put("CTYPE2", "DEC--TAN");
        double[] p = wcs.skyToPixel(wcs.crval1(), wcs.crval2());
        c.put("CRPIX1", Double.toString(p[0]));
        c.put("CRPIX2", Double.toString(p[1]));
        c.put("CRVAL1", Double.toString(wcs.crval1()));
        c.put("CRVAL2", Double.toString(wcs.crval2()));
        double[] o = wcs.pixelToSky(p[0] + 1, p[1]), q = wcs.pixelToSky(p[0], p[1] + 1);
        // a TAN's plane offsets are linear in pixel offsets: unit steps from CRPIX give the CD columns
        double[] x1 = org.skysift.sky.Gnomonic.at(wcs.crval1(), wcs.crval2()).project(o[0], o[1]);
        double[] y1 = org.skysift.sky.Gnomonic.at(wcs.crval1(), wcs.crval2()).project(q[0], q[1]);
        c.put("CD1_1", Double.toString(x1[0]));
        c.put("CD2_1", Double.toString(x1[1]));
        c.put("CD1_2", Double.toString(y1[0]));
        c.put("CD2_2", Double.toString(y1[1]));
        c.put("RADESYS", "ICRS");
        c.put("GAIN", Double.toString(GAIN));
        c.put("SATURATE", "65535");
        return c;
    }

    /** The settings the CLI would use for these frames (default extract section, header GAIN and SATURATE). */
    static ExtractParams extractParams() {
        return new ExtractParams(1.5, 5, 2.5, new double[] {6, 12}, GAIN, 65535);
    }

    static StackFrame frame(String name, float[] data, int w, int h, TanWcs headerWcs) {
        return new StackFrame(name, image(data, w, h, headerWcs), extractParams());
    }
}
