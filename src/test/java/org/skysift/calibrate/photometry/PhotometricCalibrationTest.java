package org.skysift.calibrate.photometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The fit on made-up calibrators whose true curve is known exactly. */
@Tag("plain")
class PhotometricCalibrationTest {
    /** A saturating response: slope 1 at the faint end, steepening to about 3 at the bright end. */
    static double truth(double inst) {
        return 27.0 + inst - 4.0 / 3.0 * Math.log1p(Math.exp(-1.5 * (inst + 13.0)));
    }

    record Set(Calibrators c, boolean[] outlier) {}

    static Set stars(int n, long seed, double noise, double outlierFraction, double colourTerm, double gridAmp) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] inst = new double[n], err = new double[n], ref = new double[n], col = new double[n];
        double[] x = new double[n], y = new double[n];
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            inst[i] = -16 + 7 * r.nextDouble();
            err[i] = noise;
            col[i] = colourTerm == 0 ? Double.NaN : 0.3 + 2.2 * r.nextDouble();
            x[i] = 1 + 999 * r.nextDouble();
            y[i] = 1 + 999 * r.nextDouble();
            ref[i] = truth(inst[i]) + (colourTerm == 0 ? 0 : colourTerm * (col[i] - 1.2))
                    + gridAmp * (x[i] / 1000 - 0.5);
            inst[i] += noise * r.nextGaussian(); // the measurement error is on the plate's side
            if (r.nextDouble() < outlierFraction) {
                out[i] = true;
                ref[i] += (r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble());
            }
        }
        return new Set(new Calibrators(inst, err, ref, col, x, y), out);
    }

    static double rmsAgainstTruth(PhotometricFit f, double lo, double hi) {
        double ss = 0;
        int n = 0;
        for (double m = lo; m <= hi; m += 0.05, n++) {
            double d = f.apply(m, 0, Double.NaN, 500, 500).mag() - truth(m);
            ss += d * d;
        }
        return Math.sqrt(ss / n);
    }

    @Test
    void recoversAKnownSaturatingCurve() {
        Set s = stars(400, 1, 0.02, 0, 0, 0);
        PhotometricFit f = PhotometricCalibration.calibrate(s.c(), PhotometryOptions.defaults(), 1000, 1000, 25);
        assertThat(f.status()).isEqualTo("curve");
        assertThat(f.stars()).isGreaterThan(390);
        assertThat(rmsAgainstTruth(f, -15.8, -9.2)).isLessThan(0.01);
        // the stars' scatter is their instrumental error through the curve's slope (1 to 3 here)
        assertThat(f.rms()).isBetween(0.025, 0.045);
        // the curve's own error is a fraction of one star's, and the source's error includes its flux error
        assertThat(f.curve().curveError(-12)).isBetween(0.001, 0.01);
        double slope = 1 + 2 / (1 + Math.exp(1.5)); // truth's slope at -12
        assertThat(f.curve().slope(-12)).isCloseTo(slope, within(0.05));
        assertThat(f.apply(-12, 0.05, Double.NaN, 0, 0).err()).isCloseTo(slope * 0.05, within(0.005));
    }

    @Test
    void rejectsOutliersAndKeepsTheCurve() {
        Set s = stars(400, 2, 0.02, 0.1, 0, 0);
        PhotometricFit f = PhotometricCalibration.calibrate(s.c(), PhotometryOptions.defaults(), 1000, 1000, 25);
        long outliers = 0;
        for (boolean o : s.outlier()) {
            outliers += o ? 1 : 0;
        }
        assertThat(outliers).isGreaterThan(25);
        // every outlier (0.5-1.5 mag off) rejected, nearly every good star kept
        assertThat(f.stars()).isBetween((int) (400 - outliers - 10), (int) (400 - outliers));
        assertThat(rmsAgainstTruth(f, -15.8, -9.2)).isLessThan(0.012);
        assertThat(f.rms()).isLessThan(0.045);
    }

    @Test
    void staysMonotonicWhereTheDataDip() {
        // calibrators that get brighter in the reference as they get fainter on the plate over a stretch
        int n = 120;
        double[] inst = new double[n], ref = new double[n], err = new double[n], nan = new double[n];
        Arrays.fill(nan, Double.NaN);
        Arrays.fill(err, 0.01);
        for (int i = 0; i < n; i++) {
            inst[i] = -14 + 6.0 * i / n;
            ref[i] = inst[i] > -12 && inst[i] < -11 ? 14.0 - (inst[i] + 12) : 26 + inst[i];
        }
        PhotometricFit f = PhotometricCalibration.calibrate(new Calibrators(inst, err, ref, nan, nan, nan),
                PhotometryOptions.defaults(), 100, 100, 25);
        double prev = Double.NEGATIVE_INFINITY;
        for (double m = -15; m <= -7; m += 0.01) {
            double v = f.curve().magnitude(m, Double.NaN, 0, 0);
            assertThat(v).isGreaterThanOrEqualTo(prev - 1e-9);
            prev = v;
        }
        assertThat(f.curve().slope(-11.5)).isGreaterThanOrEqualTo(-1e-6);
    }

    @Test
    void tooFewStarsFallBackToTheMedianZeroPointThenToTheConfiguredOne() {
        Set s = stars(12, 3, 0.02, 0, 0, 0);
        PhotometricFit f = PhotometricCalibration.calibrate(s.c(), PhotometryOptions.defaults(), 1000, 1000, 25);
        assertThat(f.status()).isEqualTo("zero point: 12 stars");
        assertThat(f.curve()).isNull();
        double[] off = new double[12];
        for (int i = 0; i < 12; i++) {
            off[i] = s.c().ref()[i] - s.c().inst()[i];
        }
        Arrays.sort(off);
        assertThat(f.zeroPoint()).isEqualTo(0.5 * (off[5] + off[6]));
        assertThat(f.apply(-12, 0.03, Double.NaN, 0, 0).mag()).isEqualTo(-12 + f.zeroPoint());
        assertThat(f.knotsJson()).startsWith("{\"zero_point\":");

        Set three = stars(3, 4, 0.02, 0, 0, 0);
        PhotometricFit c = PhotometricCalibration.calibrate(three.c(), PhotometryOptions.defaults(), 1000, 1000, 25);
        assertThat(c.status()).isEqualTo("config zero point: 3 stars");
        assertThat(c.apply(-12, 0.03, Double.NaN, 0, 0).mag()).isEqualTo(13.0);
    }

    @Test
    void recoversAColourTermAndIgnoresItWithoutColours() {
        Set s = stars(400, 5, 0.02, 0, 0.15, 0);
        PhotometricFit f = PhotometricCalibration.calibrate(s.c(), PhotometryOptions.defaults(), 1000, 1000, 25);
        assertThat(f.colourTerm()).isCloseTo(0.15, within(0.01));
        assertThat(f.curve().colour0()).isCloseTo(1.4, within(0.15)); // median of uniform 0.3-2.5
        assertThat(f.knotsJson()).contains("\"colour_term\":0.1");
        // a source without colour gets the curve at the median colour
        double atMedian = f.apply(-12, 0, f.curve().colour0(), 0, 0).mag();
        assertThat(f.apply(-12, 0, Double.NaN, 0, 0).mag()).isEqualTo(atMedian);
        assertThat(f.apply(-12, 0, f.curve().colour0() + 1, 0, 0).mag() - atMedian).isCloseTo(0.15, within(0.01));

        PhotometricFit off = PhotometricCalibration.calibrate(s.c(),
                new PhotometryOptions(true, 30, 8, 3, false, 0, 0.02), 1000, 1000, 25);
        assertThat(off.colourTerm()).isNaN();
        assertThat(off.rms()).isGreaterThan(2 * f.rms());
    }

    @Test
    void aSpatialGridTakesOutAGradientAcrossThePlate() {
        Set s = stars(800, 6, 0.02, 0, 0, 0.2);
        PhotometricFit plain = PhotometricCalibration.calibrate(s.c(), PhotometryOptions.defaults(), 1000, 1000, 25);
        PhotometricFit grid = PhotometricCalibration.calibrate(s.c(), PhotometryOptions.defaults().withGrid(4), 1000,
                1000, 25);
        // +-0.1 mag across x (0.058 rms) on top of 0.02 mag through slopes of 1-3
        assertThat(plain.rms()).isGreaterThan(0.06);
        assertThat(grid.rms()).isLessThan(0.75 * plain.rms());
        assertThat(grid.curve().grid().at(900, 500) - grid.curve().grid().at(100, 500)).isCloseTo(0.16, within(0.04));
    }

    @Test
    void extrapolationIsFlaggedAndItsErrorGrows() {
        Set s = stars(400, 7, 0.02, 0, 0, 0);
        PhotometricFit f = PhotometricCalibration.calibrate(s.c(), PhotometryOptions.defaults(), 1000, 1000, 25);
        CalibrationCurve c = f.curve();
        assertThat(f.apply(c.lo() + 0.1, 0, Double.NaN, 0, 0).extrapolated()).isFalse();
        var beyond1 = f.apply(c.lo() - 1, 0, Double.NaN, 0, 0);
        var beyond2 = f.apply(c.lo() - 2, 0, Double.NaN, 0, 0);
        assertThat(beyond1.extrapolated()).isTrue();
        assertThat(beyond1.err()).isGreaterThan(0.25);
        assertThat(beyond2.err()).isGreaterThan(beyond1.err() + 0.2);
        // straight on with the end slope, capped
        double step = beyond1.mag() - beyond2.mag();
        assertThat(step).isBetween(CalibrationCurve.MIN_END_SLOPE, CalibrationCurve.MAX_END_SLOPE);
        assertThat(f.apply(c.hi() + 1, 0, Double.NaN, 0, 0).mag() - f.apply(c.hi(), 0, Double.NaN, 0, 0).mag())
                .isCloseTo(1.0, within(0.1));
    }

    @Test
    void unequalArraysAreRefusedByName() {
        double[] a = new double[3];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Calibrators(a, a, a, new double[2], a, a))
                .hasMessageContaining("colour 2");
    }
}
