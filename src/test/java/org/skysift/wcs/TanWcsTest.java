package org.skysift.wcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Angles;

@Tag("plain")
class TanWcsTest {
    @Test
    void referencePixelMapsToReferenceValue() {
        TanWcs w = TanWcs.northUp(359.9, -30, 2119, 2119, 1.7);
        double[] sky = w.pixelToSky(1060, 1060);
        assertThat(sky[0]).isCloseTo(359.9, within(1e-12));
        assertThat(sky[1]).isCloseTo(-30, within(1e-12));
        assertThat(w.pixelScaleArcsec()).isCloseTo(1.7, within(1e-12));
    }

    @Test
    void pixelToSkyToPixelRoundTripsEverywhere() {
        double[][] cases = {{0, 0}, {359.99, 45}, {180, -89.8}, {42, 89.95}};
        for (double[] c : cases) {
            double s = 1.7 / 3600;
            double rot = Math.toRadians(23);
            TanWcs w = new TanWcs(1000.5, 990.25, c[0], c[1],
                    -s * Math.cos(rot), s * Math.sin(rot), s * Math.sin(rot), s * Math.cos(rot));
            for (double x = -50; x <= 2100; x += 143.7) {
                for (double y = -50; y <= 2100; y += 151.3) {
                    double[] sky = w.pixelToSky(x, y);
                    double[] pix = w.skyToPixel(sky[0], sky[1]);
                    assertThat(pix[0]).isCloseTo(x, within(1e-6));
                    assertThat(pix[1]).isCloseTo(y, within(1e-6));
                }
            }
        }
    }

    @Test
    void northIsUpAndEastIsLeft() {
        TanWcs w = TanWcs.northUp(10, 20, 101, 101, 2.0);
        double[] up = w.pixelToSky(51, 61);
        double[] left = w.pixelToSky(41, 51);
        // 10 px of 2" from the reference pixel (51, 51): 20" of arc north, and 20" east. By hand on the
        // tangent plane: north along the meridian dec = 20 deg + atan(20"); east (xi = 20", eta = 0)
        // ra = 10 deg + atan2(xi, cos 20 deg), dec = atan2(sin 20 deg, hypot(xi, cos 20 deg))
        double step = Math.toRadians(20.0 / 3600), d0 = Math.toRadians(20);
        assertThat(up[0]).isCloseTo(10.0, within(1e-12));
        assertThat(up[1]).isCloseTo(20 + Math.toDegrees(Math.atan(step)), within(1e-10));
        assertThat(left[0]).isCloseTo(10 + Math.toDegrees(Math.atan2(step, Math.cos(d0))), within(1e-10));
        assertThat(left[1]).isCloseTo(Math.toDegrees(Math.atan2(Math.sin(d0), Math.hypot(step, Math.cos(d0)))), within(1e-10));
        assertThat(Angles.separationArcsec(10, 20, up[0], up[1])).isCloseTo(20, within(1e-6));
    }

    @Test
    void headerWithoutCdMatrixIsAnErrorNamingWhatWasLookedFor() {
        FitsHeader h = new FitsHeader(Map.of("CTYPE1", "RA---TAN", "CTYPE2", "DEC--TAN", "CRVAL1", "10", "CRVAL2", "20",
                "CRPIX1", "50", "CRPIX2", "50"));
        assertThatThrownBy(() -> WcsReader.fromHeader(h)).isInstanceOf(WcsException.class).hasMessageContaining("CD1_1");
        FitsHeader empty = new FitsHeader(Map.of());
        assertThatThrownBy(() -> WcsReader.fromHeader(empty)).hasMessageContaining("CRVAL1");
    }

    @Test
    void singularMatrixIsRejected() {
        assertThatThrownBy(() -> new TanWcs(1, 1, 0, 0, 0, 0, 0, 0)).hasMessageContaining("singular");
    }
}
