package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ensemble error calibration on drawn light curves whose true errors are known: faint objects'
 * stated errors are 30% small, bright ones' right, and some objects vary.
 */
@Tag("plain")
class LightCurvesErrorCalibrationTest {
    static final int OBJECTS = 600, EPOCHS = 4;

    /** fluxes drawn with the true error; err is the stated one (true / 1.3 below S/N 30); variables every tenth. */
    record Drawn(double[][] flux, double[][] err, int[][] flags, double[] snr) {}

    static Drawn draw(long seed, double understated, boolean variables) {
        Random rnd = new Random(seed);
        double[][] flux = new double[OBJECTS][EPOCHS], err = new double[OBJECTS][EPOCHS];
        double[] snr = new double[OBJECTS];
        for (int i = 0; i < OBJECTS; i++) {
            snr[i] = 5 * Math.pow(60, (double) i / OBJECTS); // S/N 5 to 300
            double f = 1000, sigma = f / snr[i];
            for (int e = 0; e < EPOCHS; e++) {
                // a variable doubles in one epoch: far beyond the clipping
                double truth = variables && i % 10 == 0 && e == 2 ? 2 * f : f;
                flux[i][e] = truth + sigma * rnd.nextGaussian();
                err[i][e] = snr[i] < 30 ? sigma / understated : sigma;
            }
        }
        return new Drawn(flux, err, new int[OBJECTS][EPOCHS], snr);
    }

    @Test
    void understatedErrorsAreScaledUpWhereTheyAreUnderstated() {
        Drawn d = draw(1, 1.3, true);
        ErrorCalibration.Factors f = ErrorCalibration.of(d.flux(), d.err(), d.flags());
        double faint = 0, bright = 0;
        int nf = 0, nb = 0;
        for (int i = 0; i < OBJECTS; i++) {
            if (d.snr()[i] < 20) {
                faint += f.perObject()[i];
                nf++;
            } else if (d.snr()[i] > 50) {
                bright += f.perObject()[i];
                nb++;
            }
        }
        // 60 variables (10%) are clipped out: without the clipping the bands' medians would rise ~10%
        assertEquals(1.3, faint / nf, 0.08, "mean factor at S/N < 20");
        assertEquals(1.0, bright / nb, 0.06, "mean factor at S/N > 50");
        assertEquals(ErrorCalibration.MAX_BANDS, f.bandFactor().length);
        for (double k : f.perObject()) {
            assertTrue(k >= ErrorCalibration.MIN_FACTOR && k <= ErrorCalibration.MAX_FACTOR, "factor " + k);
        }
    }

    @Test
    void overstatedErrorsAreLeftAlone() {
        // stated errors twice the true ones: the factor stays 1 (the floor and PSF-model error guard tails)
        Drawn d = draw(2, 0.5, false);
        ErrorCalibration.Factors f = ErrorCalibration.of(d.flux(), d.err(), d.flags());
        int faint = 0;
        for (int i = 0; i < OBJECTS; i++) {
            if (d.snr()[i] < 20) {
                assertEquals(1.0, f.perObject()[i], 1e-12, "object " + i);
                faint++;
            }
        }
        // S/N 5 x 60^(i/600) < 20 for i <= 600 ln 4 / ln 60 = 203.2: objects 0..203
        assertEquals(204, faint, "objects below S/N 20 checked");
    }

    @Test
    void tooFewObjectsAreNotCalibrated() {
        Drawn d = draw(3, 1.3, false);
        int n = ErrorCalibration.MIN_PER_BAND - 1;
        double[][] flux = new double[n][], err = new double[n][];
        int[][] flags = new int[n][];
        for (int i = 0; i < n; i++) {
            flux[i] = d.flux()[i];
            err[i] = d.err()[i];
            flags[i] = d.flags()[i];
        }
        for (double k : ErrorCalibration.of(flux, err, flags).perObject()) {
            assertEquals(1.0, k);
        }
    }

    @Test
    void faintChi2FollowsItsLawAfterCalibration() {
        Drawn d = draw(4, 1.3, false);
        double[] before = new double[OBJECTS], after = new double[OBJECTS];
        ErrorCalibration.Factors f = ErrorCalibration.of(d.flux(), d.err(), d.flags());
        int n = 0;
        for (int i = 0; i < OBJECTS; i++) {
            if (d.snr()[i] < 20) {
                before[n] = ErrorCalibration.chi2(d.flux()[i], d.err()[i], d.flags()[i])[0];
                after[n] = before[n] / (f.perObject()[i] * f.perObject()[i]);
                n++;
            }
        }
        double law = ChiSquareTail.median(EPOCHS - 1);
        assertEquals(law * 1.69, ErrorCalibration.median(Arrays.copyOf(before, n)), 0.5);
        assertEquals(law, ErrorCalibration.median(Arrays.copyOf(after, n)), 0.3);
    }

    @Test
    void chiSquareMedians() {
        // tabulated medians of the chi-square law
        assertEquals(0.454936, ChiSquareTail.median(1), 1e-5);
        assertEquals(2 * Math.log(2), ChiSquareTail.median(2), 1e-9);
        assertEquals(2.365974, ChiSquareTail.median(3), 1e-5);
        assertEquals(9.341818, ChiSquareTail.median(10), 1e-5);
    }
}
