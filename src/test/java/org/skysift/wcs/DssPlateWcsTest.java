package org.skysift.wcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Angles;

@Tag("plain")
class DssPlateWcsTest {
    /** Expected pixel -> sky from ../shared/data/README.md: {x, y, ra, dec}. */
    private static final double[][] M101_EXPECTED = {
        {265.5, 265.5, 210.80214, 54.34763}, {1, 1, 211.01398, 54.22145}, {530, 530, 210.58901, 54.47345}};
    private static final double[][] UKST_EXPECTED = {
        {50.5, 50.5, 217.483664, -62.685163}, {1, 1, 217.533223, -62.709140}, {100, 100, 217.434184, -62.661170}};

    private static double maxError(Wcs w, double[][] expected) {
        double worst = 0;
        for (double[] e : expected) {
            double[] sky = w.pixelToSky(e[0], e[1]);
            worst = Math.max(worst, Angles.separationArcsec(sky[0], sky[1], e[2], e[3]));
        }
        return worst;
    }

    @Test
    void realCutoutsMatchTheExpectedPositions() throws IOException {
        FitsHeader m101 = RealHeaders.header(RealHeaders.M101);
        FitsHeader ukst = RealHeaders.header(RealHeaders.UKST);
        Wcs wm = WcsReader.fromHeader(m101);
        Wcs wu = WcsReader.fromHeader(ukst);
        assertThat(wm).isInstanceOf(DssPlateWcs.class);
        assertThat(wu).isInstanceOf(DssPlateWcs.class);
        // Measured: M101 0.013" (its expected values are rounded to 1e-5 deg), UKST 0.002".
        assertThat(maxError(wm, M101_EXPECTED)).isLessThan(0.05);
        assertThat(maxError(wu, UKST_EXPECTED)).isLessThan(0.05);
        assertThat(wm.pixelScaleArcsec()).isCloseTo(1.70, within(0.005));
        assertThat(wu.pixelScaleArcsec()).isCloseTo(1.70, within(0.005));
    }

    /** The half-pixel in "plate pixel = pixel + CNPIX - 0.5" matters: a half-pixel shift misses by ~0.85". */
    @Test
    void cnpixConventionIsTheOneTheExpectedValuesUse() throws IOException {
        FitsHeader h = RealHeaders.header(RealHeaders.M101);
        FitsHeader shifted = RealHeaders.with(h, Map.of("CNPIX1", "5900.5", "CNPIX2", "9046.5"));
        assertThat(maxError(WcsReader.fromHeader(shifted), M101_EXPECTED)).isGreaterThan(0.8);
    }

    @Test
    void realCutoutsRoundTripOverTheWholeImage() throws IOException {
        for (String f : new String[] {RealHeaders.M101, RealHeaders.UKST}) {
            FitsHeader h = RealHeaders.header(f);
            Wcs w = WcsReader.fromHeader(h);
            int n1 = h.getDouble("NAXIS1").intValue(), n2 = h.getDouble("NAXIS2").intValue();
            double worst = 0;
            for (double y = 0.5; y <= n2 + 0.5; y += 1.0) {
                for (double x = 0.5; x <= n1 + 0.5; x += 1.0) {
                    double[] sky = w.pixelToSky(x, y);
                    double[] pix = w.skyToPixel(sky[0], sky[1]);
                    worst = Math.max(worst, Math.hypot(pix[0] - x, pix[1] - y));
                }
            }
            assertThat(worst).as(f).isLessThan(0.001); // measured 5e-11 px
        }
    }

    /** Whole 14000 x 13999 plates: round trip out to the corners, 4.7 degrees from the plate centre. */
    @Test
    void fullPlatesRoundTripFarFromTheCentre() throws IOException {
        for (String f : new String[] {RealHeaders.PLATE_XE133, RealHeaders.PLATE_XE687}) {
            FitsHeader h = RealHeaders.plate(f);
            DssPlateWcs w = (DssPlateWcs) WcsReader.fromHeader(h);
            double worst = 0, farthest = 0;
            for (double y = 1; y <= 13999; y += 13998.0 / 40) {
                for (double x = 1; x <= 14000; x += 13999.0 / 40) {
                    double[] sky = w.pixelToSky(x, y);
                    farthest = Math.max(farthest, Angles.separationDeg(sky[0], sky[1], w.plateRa(), w.plateDec()));
                    double[] pix = w.skyToPixel(sky[0], sky[1]);
                    worst = Math.max(worst, Math.hypot(pix[0] - x, pix[1] - y));
                }
            }
            assertThat(farthest).as(f).isGreaterThan(4.5);
            assertThat(worst).as(f).isLessThan(0.001);
            // Corner to corner the plate is 14000 px * 1.7"/px * sqrt 2 = 9.3 degrees, whatever the distortion.
            double[] a = w.pixelToSky(1, 1), b = w.pixelToSky(14000, 13999);
            assertThat(Angles.separationDeg(a[0], a[1], b[0], b[1])).isCloseTo(9.35, within(0.05));
        }
    }

    /**
     * The cutout and its full plate (XE133) carry the same plate model, but the full-plate export's
     * PPO3/PPO6 (177500) are one 25.28 micron pixel larger than the cutout's (177474.72): full-plate pixel
     * = cutout pixel + CNPIX + 1. With that offset they agree to 0.05" (measured 0.049", rounded centre).
     */
    @Test
    void cutoutAgreesWithItsFullPlate() throws IOException {
        Wcs cutout = WcsReader.fromHeader(RealHeaders.header(RealHeaders.M101));
        Wcs plate = WcsReader.fromHeader(RealHeaders.plate(RealHeaders.PLATE_XE133));
        double worst = 0;
        for (int y = 1; y <= 530; y += 33) {
            for (int x = 1; x <= 530; x += 33) {
                double[] a = cutout.pixelToSky(x, y);
                double[] b = plate.pixelToSky(x + 5900 + 1, y + 9046 + 1);
                worst = Math.max(worst, Angles.separationArcsec(a[0], a[1], b[0], b[1]));
            }
        }
        assertThat(worst).isLessThan(0.06);
    }

    /** With only the linear terms the plate model is a TAN at the plate centre, east left, north up. */
    @Test
    void linearPlateModelEqualsTanAboutThePlateCentre() {
        double scale = 67.2; // arcsec per mm
        double size = 25.0; // microns per pixel
        double ppo = 5000 * size; // plate centre at plate pixel 5000 (0.5-based)
        DssPlateWcs w = new DssPlateWcs(150.0, -30.0, 4000, 4500, size, size, ppo, ppo,
                new double[] {scale}, new double[] {scale}, 1, 1);
        double s = scale * size / 1000 / 3600; // degrees per pixel
        // plate pixel 5000 is cutout pixel 5000 - CNPIX + 0.5
        TanWcs tan = new TanWcs(1000.5, 500.5, 150.0, -30.0, -s, 0, 0, s);
        for (double[] p : new double[][] {{1000.5, 500.5}, {1, 1}, {3000, -2000}, {-1500, 2500}}) {
            double[] a = w.pixelToSky(p[0], p[1]);
            double[] b = tan.pixelToSky(p[0], p[1]);
            assertThat(Angles.separationArcsec(a[0], a[1], b[0], b[1])).isLessThan(1e-6);
        }
        assertThat(w.pixelScaleArcsec()).isCloseTo(scale * size / 1000, within(1e-9));
    }

    /** The plate solution's own errors name the keys (WcsReader then falls back to TAN: TanFallbackTest). */
    @Test
    void incompletePlateSolutionNamesTheMissingKeys() throws IOException {
        FitsHeader h = RealHeaders.header(RealHeaders.M101);
        FitsHeader broken = RealHeaders.without(h, k -> k.equals("PPO3") || k.equals("CNPIX2"));
        assertThatThrownBy(() -> DssPlateWcs.fromHeader(broken)).isInstanceOf(WcsException.class)
                .hasMessageContaining("PPO3").hasMessageContaining("CNPIX2");
        FitsHeader badSign = RealHeaders.with(h, Map.of("PLTDECSN", "N"));
        assertThatThrownBy(() -> DssPlateWcs.fromHeader(badSign)).hasMessageContaining("PLTDECSN");
        FitsHeader notNumber = RealHeaders.with(h, Map.of("AMDX4", "abc"));
        assertThatThrownBy(() -> DssPlateWcs.fromHeader(notNumber)).isInstanceOf(WcsException.class)
                .hasMessageContaining("AMDX4");
        FitsHeader notFinite = RealHeaders.with(h, Map.of("AMDY7", "NaN"));
        assertThatThrownBy(() -> DssPlateWcs.fromHeader(notFinite)).isInstanceOf(WcsException.class)
                .hasMessageContaining("AMDY7").hasMessageContaining("not finite");
    }

    @Test
    void skyOnTheFarHemisphereHasNoPixel() throws IOException {
        Wcs w = WcsReader.fromHeader(RealHeaders.header(RealHeaders.UKST));
        assertThat(w.skyToPixel(37.48, 62.68)).isNull();
    }

    // ---- 15 micron scans: the orientation coefficients PPO1..PPO6 in full ----

    /** The XO121 header's expected pixel -> sky (astropy/WCSLIB, nine pixels incl. corners) within 0.01". */
    @Test
    void blue15MicronCutoutMatchesItsExpectedPairs() throws IOException {
        FitsHeader h = RealHeaders.plate(RealHeaders.BLUE_XO121);
        assertThat(h.getDouble("PPO1")).isEqualTo(-3069417.0);
        WcsReading r = WcsReader.read(h);
        assertThat(r.model()).isEqualTo(WcsModel.DSS_PLATE);
        assertThat(r.warning()).isNull();
        double[][] expected = RealHeaders.expected(RealHeaders.BLUE_XO121);
        assertThat(expected.length).isEqualTo(9);
        // Measured 0.00023" worst (the expected values carry 1e-7 deg = 0.00036").
        assertThat(maxError(r.wcs(), expected)).isLessThan(0.01);
        assertThat(r.wcs().pixelScaleArcsec()).isCloseTo(1.009, within(0.002));
    }

    /**
     * PPO1/PPO5 are applied, not skipped: mirroring PPO1 moves the corners by arcminutes, and scaling the
     * whole matrix (its scale is an encoding, the pixel sizes carry the scale) changes nothing.
     */
    @Test
    void orientationCoefficientsAreApplied() throws IOException {
        FitsHeader h = RealHeaders.plate(RealHeaders.BLUE_XO121);
        double[][] expected = RealHeaders.expected(RealHeaders.BLUE_XO121);
        Wcs mirrored = DssPlateWcs.fromHeader(RealHeaders.with(h, Map.of("PPO1", "3069417.0")));
        assertThat(maxError(mirrored, expected)).isGreaterThan(60);
        Wcs rescaled = DssPlateWcs.fromHeader(RealHeaders.with(h, Map.of("PPO1", "-1", "PPO5", "1")));
        assertThat(maxError(rescaled, expected)).isLessThan(0.01);
        Wcs swapped = DssPlateWcs.fromHeader(RealHeaders.with(h,
                Map.of("PPO1", "0", "PPO2", "-3069417.0", "PPO4", "3069417.0", "PPO5", "0")));
        assertThat(maxError(swapped, expected)).isGreaterThan(60);
    }

    /**
     * A rotated scan: with linear AMD terms the plate model is a TAN whose CD matrix is the scale times the
     * normalised orientation [[PPO1, PPO2], [PPO4, PPO5]], about the pixel where the scan sits on PPO3/PPO6.
     */
    @Test
    void rotatedOrientationEqualsTheRotatedTan() {
        double scale = 67.2, size = 15.0, centre = 177500.0;
        for (double deg : new double[] {0, 30, -115, 180}) {
            double c = Math.cos(Math.toRadians(deg)), s = Math.sin(Math.toRadians(deg));
            // a rotation after the standard east flip, O = R(deg) diag(-1, 1), written at the 15 micron scale
            double o11 = -c, o12 = -s, o21 = -s, o22 = c, k = 3069417.0;
            double[] ppo = {o11 * k, o12 * k, centre, o21 * k, o22 * k, centre};
            DssPlateWcs w = new DssPlateWcs(97.9, 53.9, 10784, 11016, size, size, ppo,
                    new double[] {scale}, new double[] {scale}, 1, 1);
            double d = scale * size / 1000 / 3600;
            double crpix1 = centre / size - 10784 + 0.5, crpix2 = centre / size - 11016 + 0.5;
            TanWcs tan = new TanWcs(crpix1, crpix2, 97.9, 53.9, d * o11, d * o12, d * o21, d * o22);
            double worst = 0, trip = 0;
            for (double[] p : new double[][] {{1, 1}, {1188, 1190}, {-9000, 11000}, {11000, -10000}, {594, 595}}) {
                double[] a = w.pixelToSky(p[0], p[1]);
                double[] b = tan.pixelToSky(p[0], p[1]);
                worst = Math.max(worst, Angles.separationArcsec(a[0], a[1], b[0], b[1]));
                double[] back = w.skyToPixel(a[0], a[1]);
                trip = Math.max(trip, Math.hypot(back[0] - p[0], back[1] - p[1]));
            }
            assertThat(worst).as("rotation %s", deg).isLessThan(1e-6);
            assertThat(trip).as("rotation %s", deg).isLessThan(1e-6);
            assertThat(w.pixelScaleArcsec()).isCloseTo(scale * size / 1000, within(1e-9));
        }
    }

    /** The 15 micron plate is 23040 x 23040 scan pixels: round trip out to its edges, in cutout pixels. */
    @Test
    void blue15MicronRoundTripsOutToThePlateEdges() throws IOException {
        FitsHeader h = RealHeaders.plate(RealHeaders.BLUE_XO121);
        DssPlateWcs w = DssPlateWcs.fromHeader(h);
        double cn1 = h.getDouble("CNPIX1"), cn2 = h.getDouble("CNPIX2");
        double n1 = h.getDouble("XPIXELS"), n2 = h.getDouble("YPIXELS");
        double worst = 0, farthest = 0;
        for (int j = 0; j <= 40; j++) {
            for (int i = 0; i <= 40; i++) {
                // plate pixel 1..XPIXELS as a cutout pixel
                double x = 1 + i * (n1 - 1) / 40 - cn1, y = 1 + j * (n2 - 1) / 40 - cn2;
                double[] sky = w.pixelToSky(x, y);
                farthest = Math.max(farthest, Angles.separationDeg(sky[0], sky[1], w.plateRa(), w.plateDec()));
                double[] pix = w.skyToPixel(sky[0], sky[1]);
                worst = Math.max(worst, Math.hypot(pix[0] - x, pix[1] - y));
            }
        }
        assertThat(farthest).isGreaterThan(4.5); // 23040 px * 1.009" / 2 * sqrt 2 = 4.6 degrees
        assertThat(worst).isLessThan(0.001);
        // and over the cutout itself, every pixel edge to edge
        double cutout = 0;
        for (double y = 0.5; y <= 1190.5; y += 7) {
            for (double x = 0.5; x <= 1188.5; x += 7) {
                double[] sky = w.pixelToSky(x, y);
                double[] pix = w.skyToPixel(sky[0], sky[1]);
                cutout = Math.max(cutout, Math.hypot(pix[0] - x, pix[1] - y));
            }
        }
        assertThat(cutout).isLessThan(1e-6);
    }

    /** A singular orientation (PPO1 without PPO5) cannot be a scan: the plate solution is refused, naming them. */
    @Test
    void singularOrientationIsRefused() throws IOException {
        FitsHeader h = RealHeaders.plate(RealHeaders.BLUE_XO121);
        assertThatThrownBy(() -> DssPlateWcs.fromHeader(RealHeaders.with(h, Map.of("PPO5", "0"))))
                .isInstanceOf(WcsException.class).hasMessageContaining("PPO1").hasMessageContaining("PPO5")
                .hasMessageContaining("singular");
    }
}
