package org.skysift.extract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.skysift.fits.FitsWriter;

/**
 * A 600 x 600 CCD-like frame with known stars and galaxies for the CLASS_STAR comparison: Moffat stars
 * (beta 3, FWHM 3 px) and Sersic galaxies (exponential discs, n = 1, and de Vaucouleurs bulges, n = 4)
 * convolved with the same PSF, on a sky of 1000 counts with Poisson-like noise (gain 1), written as
 * 16-bit FITS. Objects are at least 30 px apart so each detection has one true identity. StrictMath
 * makes the pixels identical on every JVM: SExtractor's committed catalogue was made from this frame.
 * Usage (writes the frame SExtractor reads, and the truth): StarGalaxyFrame OUT_DIR.
 */
final class StarGalaxyFrame {
    static final int SIZE = 600;
    static final double SKY = 1000;
    static final double FWHM = 3.0;
    static final double BETA = 3.0;
    static final long SEED = 20261202L;

    /** One rendered object: centre (FITS 1-based), total flux, and whether it is a star. */
    record Truth(double x, double y, double flux, boolean star, double sersicN, double rePx, double axisRatio) {}

    record Frame(byte[] fits, float[] pixels, List<Truth> truth) {}

    private StarGalaxyFrame() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Frame f = render();
        Files.createDirectories(dir);
        Files.write(dir.resolve("stargalaxy.fits"), f.fits());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("stargalaxy_truth.csv")))) {
            w.println("x,y,flux,star,sersic_n,re_px,axis_ratio");
            for (Truth t : f.truth()) {
                w.printf(Locale.ROOT, "%.4f,%.4f,%.2f,%d,%.1f,%.3f,%.3f%n", t.x(), t.y(), t.flux(), t.star() ? 1 : 0,
                        t.sersicN(), t.rePx(), t.axisRatio());
            }
        }
        System.out.printf("%d objects written to %s%n", f.truth().size(), dir);
    }

    static Frame render() throws IOException {
        Random rnd = new Random(SEED);
        List<Truth> truth = place(rnd);
        double[] img = new double[SIZE * SIZE];
        double[] psf = psfKernel(15);
        for (Truth t : truth) {
            if (t.star()) {
                addStar(img, t);
            } else {
                addGalaxy(img, t, psf, 15);
            }
        }
        float[] px = new float[img.length];
        for (int i = 0; i < img.length; i++) {
            double mean = SKY + img[i];
            px[i] = (float) Math.rint(mean + StrictMath.sqrt(mean) * rnd.nextGaussian());
        }
        Map<String, Object> cards = new LinkedHashMap<>();
        cards.put("GAIN", 1.0);
        cards.put("OBJECT", "CLASS_STAR test frame");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FitsWriter.writeUint16(out, SIZE, SIZE, px, cards);
        return new Frame(out.toByteArray(), px, truth);
    }

    /** 100 stars and 65 galaxies (50 discs, 15 bulges), random positions at least 30 px apart. */
    private static List<Truth> place(Random rnd) {
        List<Truth> out = new ArrayList<>();
        List<double[]> taken = new ArrayList<>();
        for (int k = 0; k < 165; k++) {
            double x, y;
            do {
                x = 25 + rnd.nextDouble() * (SIZE - 50) + 1;
                y = 25 + rnd.nextDouble() * (SIZE - 50) + 1;
            } while (tooClose(taken, x, y));
            taken.add(new double[] {x, y});
            if (k < 100) {
                out.add(new Truth(x, y, logUniform(rnd, 3e3, 3e5), true, 0, 0, 1));
            } else {
                boolean disc = k < 150;
                double n = disc ? 1 : 4;
                double re = disc ? 2.5 + 4.5 * rnd.nextDouble() : 3 + 5 * rnd.nextDouble();
                double q = 0.35 + 0.65 * rnd.nextDouble();
                out.add(new Truth(x, y, logUniform(rnd, 1e4, 5e5), false, n, re, q));
            }
        }
        return out;
    }

    private static boolean tooClose(List<double[]> taken, double x, double y) {
        for (double[] p : taken) {
            if (StrictMath.hypot(p[0] - x, p[1] - y) < 30) {
                return true;
            }
        }
        return false;
    }

    private static double logUniform(Random rnd, double lo, double hi) {
        return lo * StrictMath.exp(rnd.nextDouble() * StrictMath.log(hi / lo));
    }

    private static double moffatAlpha() {
        return FWHM / (2 * StrictMath.sqrt(StrictMath.pow(2, 1 / BETA) - 1));
    }

    /** The Moffat PSF integrated over a pixel at offset (dx, dy) from its centre (5 x 5 sub-samples), unit flux. */
    private static double psfPixel(double dx, double dy) {
        double a = moffatAlpha();
        double norm = (BETA - 1) / (Math.PI * a * a);
        double s = 0;
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < 5; i++) {
                double u = dx + (i - 2) / 5.0, v = dy + (j - 2) / 5.0;
                s += StrictMath.pow(1 + (u * u + v * v) / (a * a), -BETA);
            }
        }
        return norm * s / 25;
    }

    private static void addStar(double[] img, Truth t) {
        int r = 20;
        double cx = t.x() - 1, cy = t.y() - 1; // 0-based pixel centres
        int x0 = (int) Math.round(cx), y0 = (int) Math.round(cy);
        for (int y = y0 - r; y <= y0 + r; y++) {
            for (int x = x0 - r; x <= x0 + r; x++) {
                if (x >= 0 && y >= 0 && x < SIZE && y < SIZE) {
                    img[y * SIZE + x] += t.flux() * psfPixel(x - cx, y - cy);
                }
            }
        }
    }

    /** A (2r+1)^2 pixel kernel of the PSF centred on a pixel, normalised to unit sum. */
    private static double[] psfKernel(int r) {
        int n = 2 * r + 1;
        double[] k = new double[n * n];
        double sum = 0;
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                k[(y + r) * n + x + r] = psfPixel(x, y);
                sum += k[(y + r) * n + x + r];
            }
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** The Sersic profile integrated over pixels (5 x 5 sub-samples), normalised to the flux, then convolved with the PSF. */
    private static void addGalaxy(double[] img, Truth t, double[] psf, int kr) {
        int r = 40;
        int n = 2 * r + 1;
        double cx = t.x() - 1, cy = t.y() - 1;
        int x0 = (int) Math.round(cx), y0 = (int) Math.round(cy);
        double bn = 2 * t.sersicN() - 1.0 / 3 + 0.009876 / t.sersicN();
        double pa = StrictMath.toRadians(37.0 * (x0 % 5) + 11.0 * (y0 % 7)); // position angle from the position
        double c = StrictMath.cos(pa), s = StrictMath.sin(pa);
        double[] stamp = new double[n * n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double v = 0;
                for (int sj = 0; sj < 5; sj++) {
                    for (int si = 0; si < 5; si++) {
                        double dx = x0 - r + i + (si - 2) / 5.0 - cx, dy = y0 - r + j + (sj - 2) / 5.0 - cy;
                        double u = dx * c + dy * s, w = (-dx * s + dy * c) / t.axisRatio();
                        double rr = StrictMath.sqrt(u * u + w * w) / t.rePx();
                        v += StrictMath.exp(-bn * (StrictMath.pow(rr, 1 / t.sersicN()) - 1));
                    }
                }
                stamp[j * n + i] = v;
                sum += v;
            }
        }
        int kn = 2 * kr + 1;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int x = x0 - r + i, y = y0 - r + j;
                if (x < 0 || y < 0 || x >= SIZE || y >= SIZE) {
                    continue;
                }
                double acc = 0;
                for (int q = -kr; q <= kr; q++) {
                    int sj = j - q;
                    if (sj < 0 || sj >= n) {
                        continue;
                    }
                    for (int p = -kr; p <= kr; p++) {
                        int si = i - p;
                        if (si >= 0 && si < n) {
                            acc += stamp[sj * n + si] * psf[(q + kr) * kn + p + kr];
                        }
                    }
                }
                img[y * SIZE + x] += t.flux() * acc / sum;
            }
        }
    }
}
