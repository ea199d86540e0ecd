package org.skysift.epochs;

import java.util.List;
import java.util.Locale;

/**
 * Not a test: where S_corr's spread comes from on the four 600 px null pairs of DifferencerTest. Per
 * pair: the background RMS each image was given against the pixels' own spread on the sky, then for
 * several PSF-mismatch shares (with S's sky noise measured, as Differencer does, and once without)
 * S_corr's std over all searched pixels, on the sky (> 2 FWHM from any pixel above 3 sigma) and near
 * stars, the share of pixels beyond 3, 4 and 4.5 (Gaussian: 2.7e-3, 6.3e-5, 6.8e-6) and the peaks
 * TransientPeaks finds at 5. Run: java -cp target/test-classes:target/classes:$(deps) org.skysift.epochs.ScorrProbe
 */
public final class ScorrProbe {
    private ScorrProbe() {}

    public static void main(String[] args) {
        double[][] seeing = {{5.1, 6.6}, {6.6, 5.1}, {6.0, 4.6}, {4.6, 6.0}};
        for (int k = 0; k < seeing.length; k++) {
            probe(String.format(Locale.ROOT, "600 px pair %d (%.1f / %.1f\")", k, seeing[k][0], seeing[k][1]),
                    DiffPairs.nullPair(600, seeing[k][0], seeing[k][1], 100 + 10 * k));
        }
    }

    static void probe(String name, DiffResult res) {
        DiffResult.Planes p = res.planes();
        int w = res.width(), h = res.height();
        double sr = res.sigmaRef(), sn = res.sigmaNew();
        boolean[] bright = new boolean[w * h];
        for (int i = 0; i < w * h; i++) {
            bright[i] = p.reference()[i] > 3 * sr || p.fresh()[i] > 3 * sn;
        }
        boolean[] stars = Differencer.dilate(bright, w, h, (int) Math.ceil(2 * res.fwhmRef()));
        double ast = res.registration().rmsPx() / Math.sqrt(2) * Math.sqrt(3.0 / Math.max(3, res.registration().matches()));
        System.out.printf(Locale.ROOT, "%s: background rms given / pixel std on the sky: reference %.1f / %.1f,"
                        + " new (resampled) %.1f / %.1f; astrometric term %.4f px%n", name, sr,
                stats(p.reference(), res.guard(), stars, false)[0], sn, stats(p.fresh(), res.guard(), stars, false)[0], ast);
        double[][] variants = {{0.0125, 0}, {0.0125, 1}, {0.015, 1}, {Differencer.PSF_MISMATCH, 1}, {0.02, 1}};
        int sep = Math.max(3, (int) Math.ceil(Math.max(res.fwhmRef(), res.fwhmNew())));
        for (double[] v : variants) {
            Zogy.Planes z = Zogy.subtract(p.reference(), p.fresh(), p.varReference(), p.varFresh(), w, h,
                    p.psfReference(), p.psfFresh(), sr, sn, res.fluxScale(), ast, v[0], v[1] > 0 ? res.guard() : null);
            double[] all = stats(z.scorr(), res.guard(), null, false);
            List<Integer> peaks = TransientPeaks.find(z.scorr(), res.guard(), w, h, 5.0, sep);
            System.out.printf(Locale.ROOT, "  mismatch %.4f, sky noise scale %.3f: std %.3f (sky %.3f, near stars %.3f);"
                            + " beyond 3/4/4.5: %.1e %.1e %.1e; peaks >= 5: %d%n", v[0], z.noiseScale(), all[0],
                    stats(z.scorr(), res.guard(), stars, false)[0], stats(z.scorr(), res.guard(), stars, true)[0],
                    all[1], all[2], all[3], peaks.size());
        }
    }

    /** {std, share beyond 3, 4, 4.5} over unguarded pixels in (want) or out of the star mask (all when null). */
    static double[] stats(float[] a, boolean[] guard, boolean[] stars, boolean want) {
        double s = 0, ss = 0;
        long n = 0, n3 = 0, n4 = 0, n45 = 0;
        for (int i = 0; i < a.length; i++) {
            if (guard[i] || (stars != null && stars[i] != want)) {
                continue;
            }
            double v = a[i];
            s += v;
            ss += v * v;
            n++;
            n3 += Math.abs(v) > 3 ? 1 : 0;
            n4 += Math.abs(v) > 4 ? 1 : 0;
            n45 += Math.abs(v) > 4.5 ? 1 : 0;
        }
        double m = s / n;
        return new double[] {Math.sqrt(ss / n - m * m), n3 / (double) n, n4 / (double) n, n45 / (double) n};
    }
}
