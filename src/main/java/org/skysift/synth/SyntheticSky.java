package org.skysift.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.skysift.sky.Angles;

/**
 * A deterministic sky: the sphere is cut into cells (declination bands of {@link #CELL_DEG}, each
 * split into equal RA bins); each cell's stars come from a generator seeded by (sky seed, cell), so
 * any region can be rebuilt anywhere and overlapping tiles see the same stars.
 */
public final class SyntheticSky {
    static final double CELL_DEG = 0.25;
    private static final int BANDS = (int) Math.round(180.0 / CELL_DEG);

    private final SkyModel model;

    public SyntheticSky(SkyModel model) {
        this.model = model;
    }

    public SkyModel model() {
        return model;
    }

    /** Every star (vanished included) within radiusDeg of the position, ordered by cell then index. */
    public List<SyntheticStar> cone(double ra, double dec, double radiusDeg) {
        List<SyntheticStar> out = new ArrayList<>();
        double lo = Math.max(-90.0, dec - radiusDeg);
        double hi = Math.min(90.0, dec + radiusDeg);
        int b0 = Math.max(0, (int) Math.floor((lo + 90.0) / CELL_DEG));
        int b1 = Math.min(BANDS - 1, (int) Math.floor((hi + 90.0) / CELL_DEG));
        for (int band = b0; band <= b1; band++) {
            int bins = binsInBand(band);
            // the cone's whole RA half-width (Gnomonic bound), plus a bin so partial bins are kept
            double halfRa = Math.abs(dec) + radiusDeg >= 90.0 ? 180.0
                    : Math.min(180.0, Math.toDegrees(Math.asin(Math.min(1.0,
                    Math.sin(Math.toRadians(radiusDeg)) / Math.cos(Math.toRadians(dec))))) + 360.0 / bins);
            int first, last;
            if (halfRa >= 180.0) {
                first = 0;
                last = bins - 1;
            } else {
                double w = 360.0 / bins;
                first = (int) Math.floor((ra - halfRa) / w);
                last = (int) Math.floor((ra + halfRa) / w);
                if (last - first + 1 >= bins) {
                    first = 0;
                    last = bins - 1;
                }
            }
            for (int b = first; b <= last; b++) {
                int bin = Math.floorMod(b, bins);
                for (SyntheticStar s : cell(band, bin)) {
                    if (Angles.separationDeg(ra, dec, s.ra(), s.dec()) <= radiusDeg) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    static int binsInBand(int band) {
        double mid = -90.0 + (band + 0.5) * CELL_DEG;
        return Math.max(1, (int) Math.round(360.0 * Math.cos(Math.toRadians(mid)) / CELL_DEG));
    }

    /** The stars of one cell: normal stars first, then vanished ones. */
    List<SyntheticStar> cell(int band, int bin) {
        int bins = binsInBand(band);
        double decLo = -90.0 + band * CELL_DEG;
        double zLo = Math.sin(Math.toRadians(decLo));
        double zHi = Math.sin(Math.toRadians(decLo + CELL_DEG));
        double raLo = bin * 360.0 / bins;
        double raW = 360.0 / bins;
        double areaDeg2 = (zHi - zLo) * Math.toRadians(raW) * Math.pow(180.0 / Math.PI, 2);
        SplittableRandom rng = new SplittableRandom(mix(model.params().seed() * 0x9E3779B97F4A7C15L + band * 100_003L + bin));
        int n = poisson(rng, model.params().starDensity() * areaDeg2);
        int nv = poisson(rng, model.params().vanishedDensity() * areaDeg2);
        List<SyntheticStar> stars = new ArrayList<>(n + nv);
        for (int i = 0; i < n + nv; i++) {
            boolean vanished = i >= n;
            double ra = raLo + rng.nextDouble() * raW;
            double dec = Math.toDegrees(Math.asin(zLo + rng.nextDouble() * (zHi - zLo)));
            double mag = vanished
                    ? model.params().vanishedMagBright() + rng.nextDouble() * (model.params().vanishedMagFaint() - model.params().vanishedMagBright())
                    : drawMag(rng);
            String id = (vanished ? "V" : "S") + band + "_" + bin + "_" + i;
            stars.add(new SyntheticStar(id, ra, dec, mag, vanished));
        }
        return stars;
    }

    /** Inverse transform of the truncated exponential luminosity function. */
    private double drawMag(SplittableRandom rng) {
        double a = model.params().lfSlope() * Math.log(10.0);
        double lo = Math.exp(a * (model.params().magBright() - model.params().magFaint()));
        double u = lo + rng.nextDouble() * (1.0 - lo);
        return model.params().magFaint() + Math.log(u) / a;
    }

    static int poisson(SplittableRandom rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
        }
        double l = Math.exp(-mean), p = 1.0;
        int k = 0;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l);
        return k - 1;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
