package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Alard-Lupton difference on DifferencerTest's rendered pairs, each also through ZOGY for the
 * ratios quoted in docs/EPOCHS.md. Truth: the injected changes in sky coordinates, F_n = 1.
 */
@Tag("plain")
class AlardLuptonTest {
    private static final DiffSettings AL = DiffSettings.of(DiffSettings.DEFAULT_THRESHOLD, 64, 3)
            .withMethod(DiffMethod.ALARD_LUPTON);

    private static DiffResult run(DiffSettings s, StackFrame ref, StackFrame fresh, long[] nanos) {
        long t0 = System.nanoTime();
        DiffResult r = new Differencer(s).diff(ref, fresh);
        nanos[0] += System.nanoTime() - t0;
        return r;
    }

    @Test
    void nullPairsHaveUnitSignificanceAndFewFalseTransients() {
        double[][] seeing = {{5.1, 6.6}, {6.0, 4.6}, {5.1, 5.8}};
        long pixels = 0;
        int spurious = 0, spuriousZogy = 0;
        long[] tAl = {0}, tZogy = {0};
        double[] stds = new double[seeing.length];
        for (int k = 0; k < seeing.length; k++) {
            StackFrame ref = DiffPairs.reference(DiffPairs.FIELD, seeing[k][0], 11 + k);
            StackFrame fresh = DiffPairs.fresh(DiffPairs.FIELD, seeing[k][1], 21 + k);
            DiffResult a = run(AL, ref, fresh, tAl);
            DiffResult z = run(AL.withMethod(DiffMethod.ZOGY), ref, fresh, tZogy);
            System.out.printf(Locale.ROOT, "null pair %d: %s; significance std %.3f (ZOGY S_corr %.3f), guarded %.3f,"
                            + " false %d (ZOGY %d): %s%n", k, AlardLupton.describe(a), a.scorrStd(), z.scorrStd(),
                    a.guardedFraction(), a.transients().size(), z.transients().size(), a.transients());
            assertEquals(AlardLupton.convolvesReference(a.fwhmRef(), a.fwhmNew()), seeing[k][0] < seeing[k][1],
                    "the sharper image is the one convolved, pair " + k);
            stds[k] = a.scorrStd();
            assertEquals(1.0, a.fluxScale(), 0.02, "photometric scale from the kernel sum, pair " + k);
            assertTrue(a.scaleStars() >= 40, "stamps " + a.scaleStars());
            assertTrue(a.guardedFraction() < 0.25, "guarded fraction " + a.guardedFraction());
            pixels += Math.round(a.width() * a.height() * (1 - a.guardedFraction()));
            spurious += a.transients().size();
            spuriousZogy += z.transients().size();
        }
        System.out.printf(Locale.ROOT, "null pairs: false transients AL %d, ZOGY %d on %d px; time AL %.2f s, ZOGY %.2f s%n",
                spurious, spuriousZogy, pixels, tAl[0] / 1e9, tZogy[0] / 1e9);
        for (int k = 0; k < stds.length; k++) {
            assertEquals(1.0, stds[k], 0.10, "significance std, pair " + k);
        }
        assertTrue(spurious <= 6, "false transients on " + pixels + " pixels: " + spurious);
    }

    @Test
    void injectedChangesAreFoundClassifiedAndMeasured() {
        List<DiffPairs.Change> changes = DiffPairs.changes(8, 6000, 20000, 5);
        StackFrame ref = DiffPairs.reference(DiffPairs.with(changes, false), 5.1, 31);
        StackFrame fresh = DiffPairs.fresh(DiffPairs.with(changes, true), 5.8, 32);
        long[] t = {0};
        DiffResult a = run(AL, ref, fresh, t);
        DiffResult z = run(AL.withMethod(DiffMethod.ZOGY), ref, fresh, t);
        Score sa = score(a, changes), sz = score(z, changes);
        System.out.printf(Locale.ROOT, "injected %d: AL found %d (right class %d), median flux_diff / injected %.4f,"
                        + " false %d, std %.3f; ZOGY found %d (%d), median %.4f, false %d, std %.3f; %s%n", changes.size(),
                sa.found, sa.rightKind, sa.medianRatio(), sa.spurious, a.scorrStd(), sz.found, sz.rightKind,
                sz.medianRatio(), sz.spurious, z.scorrStd(), AlardLupton.describe(a));
        assertTrue(sa.found >= 0.95 * changes.size(), "recall " + sa.found + " of " + changes.size());
        assertEquals(sa.found, sa.rightKind, "right class");
        assertEquals(1.0, sa.medianRatio(), 0.05, "median flux_diff / injected change " + sa.ratios);
        assertTrue(sa.spurious <= 6, "false transients " + sa.spurious);
        // the changes' own pixels are signal: over every unguarded pixel the std reads about 2, beyond 3 FWHM of
        // the transients found it is the noise's, as on the null pairs (and ZOGY's on this pair)
        double all = Differencer.quietStd(a.scorr(), a.guard(), List.of(), a.width(), a.height(), 0);
        System.out.printf(Locale.ROOT, "AL significance std: all unguarded pixels %.3f, away from the transients %.3f%n",
                all, a.scorrStd());
        assertTrue(all > 1.5, "std with the changes' pixels " + all);
        assertEquals(1.0, a.scorrStd(), 0.10, "significance std away from the transients");
        assertEquals(z.scorrStd(), a.scorrStd(), 0.1, "AL and ZOGY noise on one pair");
    }

    @Test
    void recallAgainstSignalToNoise() {
        // S/N of a change against background noise alone, from ZOGY's F_S on the null pair (as DifferencerTest)
        DiffResult nullPair = run(AL.withMethod(DiffMethod.ZOGY), DiffPairs.reference(DiffPairs.FIELD, 5.1, 61),
                DiffPairs.fresh(DiffPairs.FIELD, 5.8, 62), new long[1]);
        double sigma = 1 / Math.sqrt(nullPair.fluxPerS());
        double[] bins = {3, 5, 7, 10};
        double[] recallAl = new double[bins.length];
        StringBuilder line = new StringBuilder("recall against S/N (AL / ZOGY, 20 changes each):");
        for (int b = 0; b < bins.length; b++) {
            double f = bins[b] * sigma;
            List<DiffPairs.Change> changes = DiffPairs.changes(5, f, f, 70 + b);
            StackFrame ref = DiffPairs.reference(DiffPairs.with(changes, false), 5.1, 71 + 2 * b);
            StackFrame fresh = DiffPairs.fresh(DiffPairs.with(changes, true), 5.8, 72 + 2 * b);
            int al = found(run(AL, ref, fresh, new long[1]), changes);
            int zogy = found(run(AL.withMethod(DiffMethod.ZOGY), ref, fresh, new long[1]), changes);
            recallAl[b] = al / (double) changes.size();
            line.append(String.format(Locale.ROOT, " S/N %.0f: %d / %d;", bins[b], al, zogy));
        }
        System.out.println(line + String.format(Locale.ROOT, " (sigma of a change %.0f counts)", sigma));
        assertTrue(recallAl[3] >= 0.95, "recall at S/N 10: " + recallAl[3]);
        // a threshold of 5 finds few S/N 3 changes (noise must add 2 sigma) and about half of the S/N 5 ones
        assertTrue(recallAl[0] <= 0.3, "recall at S/N 3: " + recallAl[0]);
        assertTrue(recallAl[1] >= 0.2 && recallAl[1] <= 0.85, "recall at S/N 5: " + recallAl[1]);
    }

    private static int found(DiffResult r, List<DiffPairs.Change> changes) {
        int n = 0;
        for (DiffPairs.Change c : changes) {
            double[] p = c.refPixel();
            n += r.transients().stream().anyMatch(t -> Math.hypot(t.x() - p[0], t.y() - p[1]) < 2) ? 1 : 0;
        }
        return n;
    }

    @Test
    void seeingThatVariesAcrossTheFieldIsMatchedBySpatialKernelTerms() {
        // new epoch: seeing 5.4" at the left edge, 7.4" at the right (each pixel a linear blend of the two
        // renderings); the reference 4.6" everywhere. One PSF for the whole image (ZOGY here) cannot match
        // both sides; the kernel's degree-2 spatial terms can.
        int n = DiffPairs.N;
        float[] left = FieldFrames.model(DiffPairs.NEW_TRUE, n, n, FieldFrames.SCALE, 5.4, DiffPairs.FIELD);
        float[] right = FieldFrames.model(DiffPairs.NEW_TRUE, n, n, FieldFrames.SCALE, 7.4, DiffPairs.FIELD);
        float[] blend = new float[n * n];
        for (int i = 0; i < blend.length; i++) {
            double t = (i % n) / (n - 1.0);
            blend[i] = (float) ((1 - t) * left[i] + t * right[i]);
        }
        StackFrame ref = DiffPairs.reference(DiffPairs.FIELD, 4.6, 51);
        StackFrame fresh = FieldFrames.frame("new.fits", FieldFrames.noisy(blend, 52), n, n, DiffPairs.NEW_HEADER);
        long[] t = {0};
        DiffResult a = run(AL, ref, fresh, t);
        DiffResult z = run(AL.withMethod(DiffMethod.ZOGY), ref, fresh, t);
        System.out.printf(Locale.ROOT, "varying seeing: %s; significance std %.3f, false %d; ZOGY S_corr std %.3f,"
                        + " false %d, scale %.4f%n", AlardLupton.describe(a), a.scorrStd(), a.transients().size(),
                z.scorrStd(), z.transients().size(), z.fluxScale());
        assertTrue(AlardLupton.convolvesReference(a.fwhmRef(), a.fwhmNew()), "the sharper reference is convolved");
        assertEquals(1.0, a.fluxScale(), 0.02, "flux scale");
        assertEquals(1.0, a.scorrStd(), 0.10, "significance std");
        assertTrue(a.transients().size() <= 1, "false transients " + a.transients());
    }

    @Test
    void kernelBasisConservesFluxAndMatchesAGaussianBlur() {
        // one Gaussian star of sigma 1.2 px blurred to sigma 2.0 px: the matching kernel is a Gaussian of
        // sigma 1.6 px with sum 1.5 (a photometric scale), which the basis must reproduce
        KernelBasis b = new KernelBasis(new double[] {0.8, 1.6, 3.2}, new int[] {6, 4, 2}, 10);
        for (int k = 1; k < b.size(); k++) {
            double s = 0;
            for (int v = -10; v <= 10; v++) {
                for (int u = -10; u <= 10; u++) {
                    s += b.at(k, u, v);
                }
            }
            assertEquals(0, s, 1e-9, "element " + k + " sums to 0");
        }
        int w = 160, h = 160;
        float[] sharp = new float[w * h], blurry = new float[w * h], vs = new float[w * h], vb = new float[w * h];
        boolean[] masked = new boolean[w * h];
        List<double[]> stars = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) {
                stars.add(new double[] {25 + 35 * i + 0.3 * j, 25 + 35 * j + 0.2 * i});
            }
        }
        for (double[] s : stars) {
            addGaussian(sharp, w, h, s[0], s[1], 1.2, 1e4);
            addGaussian(blurry, w, h, s[0], s[1], 2.0, 1.5e4);
        }
        java.util.Arrays.fill(vs, 1f);
        java.util.Arrays.fill(vb, 1f);
        double[] sx = stars.stream().mapToDouble(s -> s[0]).toArray(), sy = stars.stream().mapToDouble(s -> s[1]).toArray();
        KernelSolution k = KernelFit.fit(b, sharp, blurry, vs, vb, masked, w, h, sx, sy, 10);
        assertEquals(1.5, k.scale(), 1e-3, "kernel sum = photometric scale");
        float[] model = k.apply(sharp);
        double worst = 0;
        for (int i = 0; i < model.length; i++) {
            worst = Math.max(worst, Math.abs(model[i] - blurry[i]));
        }
        double peak = 1.5e4 / (2 * Math.PI * 4.0);
        System.out.printf(Locale.ROOT, "Gaussian blur: kernel sum %.5f, worst residual %.3g of peak %.0f%n", k.scale(),
                worst, peak);
        assertTrue(worst < 1e-3 * peak, "worst residual " + worst);
    }

    private static void addGaussian(float[] img, int w, int h, double x0, double y0, double sigma, double flux) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r2 = (x - x0) * (x - x0) + (y - y0) * (y - y0);
                img[y * w + x] += (float) (flux / (2 * Math.PI * sigma * sigma) * Math.exp(-r2 / (2 * sigma * sigma)));
            }
        }
    }

    private record Score(int found, int rightKind, int spurious, List<Double> ratios) {
        double medianRatio() {
            double[] s = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return s.length == 0 ? Double.NaN : s[s.length / 2];
        }
    }

    /** Matches changes to transients within 2 px; checks each matched flux against its injection. */
    private static Score score(DiffResult r, List<DiffPairs.Change> changes) {
        List<Transient> unmatched = new ArrayList<>(r.transients());
        int found = 0, right = 0;
        List<Double> ratios = new ArrayList<>();
        for (DiffPairs.Change c : changes) {
            double[] p = c.refPixel();
            Transient hit = null;
            for (Transient t : unmatched) {
                if (Math.hypot(t.x() - p[0], t.y() - p[1]) < 2) {
                    hit = t;
                }
            }
            if (hit == null) {
                System.out.printf(Locale.ROOT, "missed %s at %.1f %.1f, change %.0f%n", c.kind(), p[0], p[1], c.delta());
                continue;
            }
            unmatched.remove(hit);
            found++;
            right += hit.kind() == c.kind() ? 1 : 0;
            ratios.add(hit.fluxDiff() / c.delta());
            assertEquals(c.delta(), hit.fluxDiff(), 4 * hit.fluxDiffErr() + 0.03 * Math.abs(c.delta()),
                    "flux_diff of " + c + " vs " + hit);
        }
        for (Transient t : unmatched) {
            System.out.println("false: " + t);
        }
        return new Score(found, right, unmatched.size(), ratios);
    }
}
