package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Light curves of every star of a rendered field over a reference and three new epochs (other seeing,
 * noise, pointing), 60 stars changed by 0.3 mag in one epoch. Truth: the rendered fluxes.
 */
@Tag("plain")
class LightCurvesTest {
    static LightCurveEpochs sky;
    static LightCurves.Result result;

    @BeforeAll
    static void render() {
        // other realisations (variables, noise): mvn ... -Dlightcurves.seed=N (docs/EPOCHS.md quotes 3, 4, 9)
        sky = new LightCurveEpochs(60, Long.getLong("lightcurves.seed", 3));
        result = new LightCurves(LightCurves.DEFAULT_VARIABLE_SIGMA).measure(sky.planes, sky.x0, sky.y0);
        for (int e = 0; e < sky.diffs.size(); e++) {
            DiffResult d = sky.diffs.get(e);
            System.out.printf(Locale.ROOT, "epoch %d: diff flux scale %.4f, fwhm %.2f / %.2f px, ensemble scale %.4f%n",
                    e + 1, d.fluxScale(), d.fwhmRef(), d.fwhmNew(), result.scale()[e + 1]);
        }
    }

    /**
     * Stars with a flux in every epoch and no flag, and no other star within GroupPsfPhotometry.SAME_PX
     * (such a pair is one object to the photometry, each member measuring both).
     */
    static boolean clean(LightCurves.Result r, int i) {
        return r.stats()[i].nEpochs() == LightCurveEpochs.EPOCHS.length && !sky.blended[i];
    }

    /** The reference epoch's S/N without the error floor (the measurement's own error). */
    static double snrRef(LightCurves.Result r, int i) {
        return snrRef(r, i, LightCurves.DEFAULT_ERROR_FLOOR);
    }

    /**
     * The S/N a light curve is "at": its lowest over the epochs (a fading variable's faint state, a star's
     * worst-seeing epoch), with the calibrated errors. docs/EPOCHS.md states this reading of the issue's
     * "S/N >= 20".
     */
    static double snrMin(LightCurves.Result r, int i) {
        double m = Double.POSITIVE_INFINITY;
        for (int e = 0; e < r.flux()[i].length; e++) {
            m = Math.min(m, r.flux()[i][e] / r.err()[i][e]);
        }
        return m;
    }

    static double snrRef(LightCurves.Result r, int i, double floor) {
        double f = r.flux()[i][0], e = r.err()[i][0];
        return f / Math.sqrt(Math.max(e * e - floor * floor * f * f, 0));
    }

    @Test
    void constantStarsAreConstant() {
        int constant = 0, flagged = 0, within3 = 0, noRatio = 0;
        for (int i = 0; i < sky.x0.length; i++) {
            if (sky.changedIn[i] != 0 || i == sky.saturated || !clean(result, i)) {
                continue;
            }
            VariabilityStats s = result.stats()[i];
            constant++;
            flagged += s.variable() ? 1 : 0;
            if (s.variable()) {
                System.out.printf(Locale.ROOT, "constant flagged: star %d at %.1f %.1f flux %.0f sig %.2f fluxes %s%n", i,
                        sky.x0[i], sky.y0[i], sky.truth[i][0], s.significance(), Arrays.toString(result.flux()[i]));
            }
            // faint stars can have a minimum flux <= 0: no ratio, counted as consistent only if the chi2 says so
            within3 += s.fluxRatio() != null ? (Math.abs(s.fluxRatio() - 1) <= 3 * s.fluxRatioErr() ? 1 : 0)
                    : (s.variable() ? 0 : 1);
            noRatio += s.fluxRatio() == null ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "constant stars: %d, flagged variable %d (%.2f%%), flux ratio within 3 sigma of 1: %.1f%%"
                        + " (%d without a ratio: minimum flux <= 0)%n", constant, flagged, 100.0 * flagged / constant,
                100.0 * within3 / constant, noRatio);
        assertTrue(constant >= 200, "constant stars measured in every epoch: " + constant);
        assertTrue(flagged <= 0.01 * constant, flagged + " of " + constant + " constant stars flagged variable");
        // max / min of four noisy values: (ratio - 1) / error exceeds 3 for ~1.3% of Gaussian stars
        assertTrue(within3 >= 0.95 * constant, "flux ratios within 3 sigma of 1: " + within3 + " of " + constant);
    }

    @Test
    void fluxesMatchTheTruthWithinErrors() {
        // the reference's zero point: its PSF fluxes against the rendered ones (PSF-model aperture correction)
        List<Double> zp = new ArrayList<>();
        for (int i = 0; i < sky.x0.length; i++) {
            if (clean(result, i) && i != sky.saturated && snrRef(result, i) >= 50) {
                zp.add(result.flux()[i][0] / sky.truth[i][0]);
            }
        }
        double a = median(zp);
        List<Double> pulls = new ArrayList<>(), faint = new ArrayList<>(), bright = new ArrayList<>();
        for (int i = 0; i < sky.x0.length; i++) {
            if (!clean(result, i) || i == sky.saturated) {
                continue;
            }
            for (int e = 0; e < LightCurveEpochs.EPOCHS.length; e++) {
                double pull = (result.flux()[i][e] - a * sky.truth[i][e]) / result.err()[i][e];
                pulls.add(pull);
                (snrRef(result, i) < 50 ? faint : bright).add(pull);
            }
        }
        System.out.printf(Locale.ROOT, "zero point (reference PSF flux / truth) %.4f; pulls: std %.3f (robust %.3f, mean %.3f, n %d);"
                        + " S/N < 50: std %.3f (robust %.3f, n %d); S/N >= 50: std %.3f (n %d)%n", a, std(pulls), robustStd(pulls),
                mean(pulls), pulls.size(), std(faint), robustStd(faint), faint.size(), std(bright), bright.size());
        assertEquals(1.0, a, 0.05, "the reference's PSF fluxes against the truth");
        // calibrated errors: 0.99-1.25 over five realisations (1.05-1.35 before), the tails are crowded stars
        assertEquals(1.0, std(pulls), 0.3, "pull std");
        // the bulk of the faint stars, where the calibration acts: robust std 0.96-1.13 (1.03-1.27 uncalibrated)
        assertEquals(1.0, robustStd(faint), 0.15, "robust pull std at S/N < 50");
        // stars read a little low (crowding by stars below the detection limit, the PSF model): -0.17 to -0.28 sigma
        assertEquals(0.0, mean(pulls), 0.35, "pull mean");
    }

    @Test
    void injectedVariablesAreFlagged() {
        // S/N: the light curve's lowest point (snrMin); by the reference's S/N too, for the docs
        int[] bins = {0, 15, 20, 25, 30, 50, 100000};
        int[] n = new int[bins.length - 1], hit = new int[bins.length - 1], nRef = new int[bins.length - 1],
                hitRef = new int[bins.length - 1];
        for (int i = 0; i < sky.x0.length; i++) {
            if (sky.changedIn[i] == 0) {
                continue;
            }
            assertTrue(clean(result, i), "variable " + i + " measured in every epoch, flags " + Arrays.toString(result.flags()[i]));
            VariabilityStats s = result.stats()[i];
            double snr = snrMin(result, i);
            int b = bin(bins, snr), br = bin(bins, result.flux()[i][0] / result.err()[i][0]);
            n[b]++;
            hit[b] += s.variable() ? 1 : 0;
            nRef[br]++;
            hitRef[br] += s.variable() ? 1 : 0;
            if (!s.variable() && snr >= 15) {
                System.out.printf(Locale.ROOT, "variable missed: star %d S/N %.1f (reference %.1f) epoch %d sig %.2f ratio %.3f +- %.3f%n",
                        i, snr, result.flux()[i][0] / result.err()[i][0], sky.changedIn[i], s.significance(), s.fluxRatio(), s.fluxRatioErr());
            }
            // the measured ratio against the injected 0.3 mag (1.318)
            if (snr >= 50) {
                assertEquals(Math.pow(10, 0.12), s.fluxRatio(), 4 * s.fluxRatioErr() + 0.02, "flux ratio of variable " + i);
            }
        }
        StringBuilder sb = new StringBuilder("0.3-mag variables flagged at " + LightCurves.DEFAULT_VARIABLE_SIGMA + " sigma, by lowest S/N:");
        StringBuilder sr = new StringBuilder("same, by the reference's S/N:");
        for (int b = 0; b < n.length; b++) {
            sb.append(String.format(Locale.ROOT, " [%d, %d): %d/%d", bins[b], bins[b + 1], hit[b], n[b]));
            sr.append(String.format(Locale.ROOT, " [%d, %d): %d/%d", bins[b], bins[b + 1], hitRef[b], nRef[b]));
        }
        System.out.println(sb);
        System.out.println(sr);
        for (int b = 4; b < n.length; b++) {
            assertEquals(n[b], hit[b], "variables of S/N >= " + bins[b] + " flagged");
        }
        // at S/N 20 the chi2 law itself flags a 0.3 mag change in one of four epochs with p = 0.93 at 3.5 sigma
        // (0.998 at 25; docs/EPOCHS.md): over S/N 20-30 ~97% expected, at least 85% asserted, and at least 95%
        // of all variables of S/N >= 20 (the edge is populated on purpose: LightCurveEpochs.EDGE_FLUX)
        int edge = n[2] + n[3], edgeHit = hit[2] + hit[3], all = edge, allHit = edgeHit;
        for (int b = 4; b < n.length; b++) {
            all += n[b];
            allHit += hit[b];
        }
        assertTrue(edge >= 8, "variables at S/N 20-30: " + Arrays.toString(n));
        assertTrue(edgeHit >= 0.85 * edge, "variables of S/N 20-30 flagged: " + edgeHit + " of " + edge);
        assertTrue(allHit >= 0.95 * all, "variables of S/N >= 20 flagged: " + allHit + " of " + all);
    }

    static int bin(int[] bins, double snr) {
        int b = 0;
        while (b < bins.length - 2 && snr >= bins[b + 1]) {
            b++;
        }
        return b;
    }

    @Test
    void flagsMarkMaskedAndOffImagePositions() {
        int off = 0, nearEdge = 0, leftHalf = 0;
        for (int i = 0; i < sky.x0.length; i++) {
            boolean outside = sky.x0[i] < -0.5 || sky.y0[i] < -0.5 || sky.x0[i] >= LightCurveEpochs.N - 0.5
                    || sky.y0[i] >= LightCurveEpochs.N - 0.5;
            for (int e = 0; e < LightCurveEpochs.EPOCHS.length; e++) {
                if (outside) {
                    assertEquals(LightCurves.FLAG_OFF_IMAGE, result.flags()[i][e] & LightCurves.FLAG_OFF_IMAGE);
                    assertTrue(Double.isNaN(result.flux()[i][e]));
                    off++;
                }
                // the 1-FWHM border is masked: a star 1.5 px inside the edge has masked pixels in its disc
                double edge = Math.min(Math.min(sky.x0[i], sky.y0[i]), Math.min(LightCurveEpochs.N - 1 - sky.x0[i],
                        LightCurveEpochs.N - 1 - sky.y0[i]));
                if (!outside && edge < 1.5) {
                    assertTrue((result.flags()[i][e] & LightCurves.FLAG_NEAR_MASK) != 0, "star " + i + " at the edge");
                    nearEdge++;
                }
            }
        }
        assertTrue(off > 0, "off-grid stars in the field");
        assertTrue(nearEdge > 0, "stars within 1.5 px of the edge: the near-mask check ran");
        for (int e = 0; e < LightCurveEpochs.EPOCHS.length; e++) {
            assertEquals(LightCurves.FLAG_NEAR_MASK | LightCurves.FLAG_MASKED, result.flags()[sky.saturated][e],
                    "the saturated star in epoch " + e);
            assertTrue(Double.isNaN(result.flux()[sky.saturated][e]));
        }
        assertEquals(0, result.stats()[sky.saturated].nEpochs());
        // an epoch that does not cover the left half: flag 2 there, fluxes unchanged elsewhere
        EpochPlane p = sky.planes.get(1);
        boolean[] noData = new boolean[p.masked().length], masked = p.masked().clone();
        for (int k = 0; k < noData.length; k++) {
            if (k % p.width() < p.width() / 2) {
                noData[k] = masked[k] = true;
            }
        }
        EpochPlane half = new EpochPlane("half", p.width(), p.height(), p.image(), p.variance(), masked, noData, p.psf(), p.fwhm());
        LightCurves.Result r = new LightCurves(5).measure(List.of(sky.planes.get(0), half), sky.x0, sky.y0);
        for (int i = 0; i < sky.x0.length; i++) {
            if (sky.x0[i] >= 0 && sky.x0[i] < p.width() / 2.0 - 1 && sky.y0[i] >= 0 && sky.y0[i] < p.height() - 1) {
                assertTrue((r.flags()[i][1] & LightCurves.FLAG_OFF_IMAGE) != 0, "star " + i + " where the epoch has no data");
                assertEquals(1, r.stats()[i].nEpochs() + (r.flags()[i][0] != 0 ? 1 : 0));
                leftHalf++;
            }
        }
        assertTrue(leftHalf > 0, "stars in the uncovered half: the no-data check ran");
    }

    @Test
    void badInputIsNamed() {
        EpochPlane p = sky.planes.get(0);
        EpochPlane small = new EpochPlane("small", 10, 10, new float[100], new float[100], new boolean[100], null, p.psf(), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LightCurves(5).measure(List.of(p, small), sky.x0, sky.y0));
        assertTrue(e.getMessage().contains("epoch small: grid 10 x 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EpochPlane("short", 10, 10, new float[99], new float[100],
                new boolean[100], null, p.psf(), 3));
        assertTrue(e.getMessage().startsWith("epoch short: planes of 99"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LightCurves(0));
        assertTrue(e.getMessage().contains("lightcurves.variable_sigma 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LightCurves(5).measure(sky.planes, new double[2], new double[3]));
    }

    @Test
    void neighboursEnsembleScaleAndErrorFloorEachHelp() {
        // figures for the method: what each step does to constant stars and variables
        // the variants leave the calibration out, so that each one's own effect on the errors shows
        double t = LightCurves.DEFAULT_VARIABLE_SIGMA, psf = LightCurves.DEFAULT_PSF_ERROR, floor = LightCurves.DEFAULT_ERROR_FLOOR;
        double[] def = report("default", result, floor);
        double[] raw = report("uncalibrated", new LightCurves(t, floor, psf, true, true, false).measure(sky.planes, sky.x0, sky.y0), floor);
        report("uncalibrated, psf error 0, floor 0.005", new LightCurves(t, floor, 0, true, true, false).measure(sky.planes, sky.x0, sky.y0), floor);
        report("uncalibrated, psf error 0.05, floor 0.005", new LightCurves(t, floor, 0.05, true, true, false).measure(sky.planes, sky.x0, sky.y0), floor);
        double[] lone = report("uncalibrated, no neighbours", new LightCurves(t, floor, psf, false, true, false).measure(sky.planes, sky.x0, sky.y0), floor);
        LightCurves noProfile = new LightCurves(t, floor, psf, true, true, false);
        noProfile.profileCorrection = false;
        report("uncalibrated, no profile correction", noProfile.measure(sky.planes, sky.x0, sky.y0), floor);
        double[] noEnsemble = report("uncalibrated, no ensemble", new LightCurves(t, floor, psf, true, false, false).measure(sky.planes, sky.x0, sky.y0), floor);
        double[] noFloor = report("uncalibrated, no floor, no psf error", new LightCurves(t, 0, 0, true, true, false).measure(sky.planes, sky.x0, sky.y0), 0);
        assertTrue(lone[1] < raw[1], "fitting neighbours flags more variables: " + raw[1] + " vs " + lone[1]);
        assertTrue(noEnsemble[2] > 1.5 * raw[2], "the ensemble scale brings bright constant stars' chi2 down: " + noEnsemble[2]
                + " -> " + raw[2]);
        assertTrue(noFloor[2] > raw[2], "the error floor brings bright constant stars' chi2 down: " + noFloor[2] + " -> " + raw[2]);
        // calibrated, faint constant stars' median chi2 is its law's 2.366 (3 dof) within the noise of a median
        // of ~100 (0.3); 2.14-2.27 calibrated, 2.44-2.84 uncalibrated on seeds 3, 4, 9
        assertEquals(ChiSquareTail.median(3), def[3], 0.5, "median chi2 of constant stars of S/N < 50 (uncalibrated " + raw[3] + ")");
    }

    /**
     * Prints constant stars flagged, variables flagged and the median chi2 of constant stars by S/N;
     * returns {constant stars flagged, variables flagged, median chi2 of constant stars of S/N >= 50 and < 50}.
     */
    static double[] report(String name, LightCurves.Result r, double floor) {
        int[] bins = {0, 20, 50, 100, 200, 100000};
        List<List<Double>> red = new ArrayList<>();
        for (int b = 0; b < bins.length - 1; b++) {
            red.add(new ArrayList<>());
        }
        int constant = 0, flagged = 0, varHit = 0, varN = 0;
        List<Double> brightChi2 = new ArrayList<>(), faintChi2 = new ArrayList<>();
        for (int i = 0; i < sky.x0.length; i++) {
            if (i == sky.saturated || !clean(r, i)) {
                continue;
            }
            VariabilityStats s = r.stats()[i];
            if (sky.changedIn[i] != 0) {
                varN++;
                varHit += s.variable() ? 1 : 0;
                continue;
            }
            constant++;
            flagged += s.variable() ? 1 : 0;
            double snr = snrRef(r, i, floor);
            int b = 0;
            while (snr >= bins[b + 1]) {
                b++;
            }
            red.get(b).add(s.chi2());
            (snr >= 50 ? brightChi2 : faintChi2).add(s.chi2());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s: constant flagged %d/%d, variables flagged %d/%d; median chi2 (3 dof: 2.37 expected) by S/N:", name, flagged, constant, varHit, varN));
        for (int b = 0; b < red.size(); b++) {
            sb.append(String.format(Locale.ROOT, " [%d,%d) %.2f (%d)", bins[b], bins[b + 1],
                    red.get(b).isEmpty() ? Double.NaN : median(red.get(b)), red.get(b).size()));
        }
        System.out.println(sb);
        return new double[] {flagged, varHit, median(brightChi2), median(faintChi2)};
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double std(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    /** 1.4826 x the median absolute deviation. */
    static double robustStd(List<Double> v) {
        double m = median(v);
        List<Double> d = new ArrayList<>();
        v.forEach(x -> d.add(Math.abs(x - m)));
        return 1.4826 * median(d);
    }
}
