package org.skysift.wcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Angles;

@Tag("plain")
class SipDistortionTest {
    /**
     * A 4096 x 4096 wide-field camera header, 0.5"/px, rotated 12 degrees, with third-order SIP terms of
     * the size real wide-field headers carry: up to ~6 px of distortion at the corners.
     */
    static Map<String, String> header() {
        Map<String, String> c = new LinkedHashMap<>();
        double s = 0.5 / 3600, rot = Math.toRadians(12);
        c.put("CTYPE1", "RA---TAN-SIP");
        c.put("CTYPE2", "DEC--TAN-SIP");
        c.put("CRVAL1", "359.95");
        c.put("CRVAL2", "-41.3");
        c.put("CRPIX1", "2048.5");
        c.put("CRPIX2", "2040.25");
        c.put("CD1_1", Double.toString(-s * Math.cos(rot)));
        c.put("CD1_2", Double.toString(s * Math.sin(rot)));
        c.put("CD2_1", Double.toString(s * Math.sin(rot)));
        c.put("CD2_2", Double.toString(s * Math.cos(rot)));
        c.put("A_ORDER", "3");
        c.put("A_2_0", "2.1e-7");
        c.put("A_1_1", "-1.3e-7");
        c.put("A_0_2", "4.0e-8");
        c.put("A_3_0", "-3.2e-10");
        c.put("A_1_2", "-3.0e-10");
        c.put("B_ORDER", "3");
        c.put("B_2_0", "-5.0e-8");
        c.put("B_1_1", "1.7e-7");
        c.put("B_0_2", "-2.4e-7");
        c.put("B_2_1", "-3.1e-10");
        c.put("B_0_3", "-3.3e-10");
        return c;
    }

    @Test
    void forwardAddsThePolynomialBeforeTheCdMatrix() {
        TanWcs sip = (TanWcs) WcsReader.fromHeader(new FitsHeader(header()));
        assertThat(sip.sip()).isNotNull();
        Map<String, String> plain = header();
        plain.keySet().removeIf(k -> k.matches("[AB]_.*"));
        plain.put("CTYPE1", "RA---TAN");
        plain.put("CTYPE2", "DEC--TAN");
        TanWcs tan = (TanWcs) WcsReader.fromHeader(new FitsHeader(plain));
        // u = 1500, v = -1000 from CRPIX: A = 0.4725 + 0.195 + 0.04 - 1.08 - 0.45 = -0.8225,
        // B = -0.1125 - 0.255 - 0.24 + 0.6975 + 0.33 = 0.42 (by hand).
        double[] a = sip.pixelToSky(2048.5 + 1500, 2040.25 - 1000);
        double[] b = tan.pixelToSky(2048.5 + 1500 - 0.8225, 2040.25 - 1000 + 0.42);
        assertThat(Angles.separationArcsec(a[0], a[1], b[0], b[1])).isLessThan(1e-6);
        // and the distortion is real: > 0.4" away from the undistorted position
        double[] c = tan.pixelToSky(2048.5 + 1500, 2040.25 - 1000);
        assertThat(Angles.separationArcsec(a[0], a[1], c[0], c[1])).isGreaterThan(0.4);
    }

    private static double worstRoundTrip(Wcs w) {
        double worst = 0;
        for (double y = 0.5; y <= 4096.5; y += 4096.0 / 64) {
            for (double x = 0.5; x <= 4096.5; x += 4096.0 / 64) {
                double[] sky = w.pixelToSky(x, y);
                double[] pix = w.skyToPixel(sky[0], sky[1]);
                worst = Math.max(worst, Math.hypot(pix[0] - x, pix[1] - y));
            }
        }
        return worst;
    }

    @Test
    void newtonInverseRoundTripsOverTheWholeImage() {
        assertThat(worstRoundTrip(WcsReader.fromHeader(new FitsHeader(header())))).isLessThan(0.001);
    }

    /** AP/BP = -A/-B is only a first-order inverse (~0.05 px off at the corners); Newton polishes it. */
    @Test
    void approximateInversePolynomialIsOnlyTheStartingGuess() {
        Map<String, String> c = header();
        c.put("AP_ORDER", "3");
        c.put("BP_ORDER", "3");
        for (String k : header().keySet()) {
            if (k.matches("[AB]_\\d_\\d")) {
                c.put(k.charAt(0) + "P" + k.substring(1), Double.toString(-Double.parseDouble(c.get(k))));
            }
        }
        TanWcs w = (TanWcs) WcsReader.fromHeader(new FitsHeader(c));
        assertThat(w.sip().hasInversePolynomial()).isTrue();
        // the polynomial alone would miss by more than the tolerance: the test can tell the difference
        SipDistortion s = w.sip();
        double[] d = s.forward(2047, 2047);
        double[][] ap = {{0, 0, -4.0e-8, 0}, {0, 1.3e-7, 3.0e-10, 0}, {-2.1e-7, 0, 0, 0}, {3.2e-10, 0, 0, 0}};
        double polyOnly = d[0] + SipDistortion.eval(ap, d[0], d[1]);
        assertThat(Math.abs(polyOnly - 2047)).isGreaterThan(0.01);
        assertThat(worstRoundTrip(w)).isLessThan(0.001);
    }

    @Test
    void polynomialAndGradientAgreeWithDirectSums() {
        double[][] c = {{0.3, -0.2, 0.1}, {0.5, 0.7, 0}, {-0.4, 0, 0}};
        double u = 1.3, v = -0.6;
        double direct = 0.3 - 0.2 * v + 0.1 * v * v + 0.5 * u + 0.7 * u * v - 0.4 * u * u;
        assertThat(SipDistortion.eval(c, u, v)).isCloseTo(direct, within(1e-14));
        double[] g = new double[2];
        SipDistortion.grad(c, u, v, g);
        assertThat(g[0]).isCloseTo(0.5 + 0.7 * v - 0.8 * u, within(1e-14));
        assertThat(g[1]).isCloseTo(-0.2 + 0.2 * v + 0.7 * u, within(1e-14));
    }

    @Test
    void incompleteSipIsAnErrorNamingTheKey() {
        Map<String, String> noB = header();
        noB.remove("B_ORDER");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(noB))).isInstanceOf(WcsException.class)
                .hasMessageContaining("B_ORDER");
        Map<String, String> none = header();
        none.keySet().removeIf(k -> k.matches("[AB]_.*"));
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(none))).hasMessageContaining("A_ORDER");
        Map<String, String> frac = header();
        frac.put("A_ORDER", "2.5");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(frac))).hasMessageContaining("A_ORDER");
        Map<String, String> halfInverse = header();
        halfInverse.put("AP_ORDER", "2");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(halfInverse))).hasMessageContaining("BP_ORDER");
    }
}
