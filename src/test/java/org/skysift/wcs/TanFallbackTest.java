package org.skysift.wcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Angles;

/** Real headers with their plate solutions broken in the test: the reader falls back to the header's TAN. */
@Tag("plain")
class TanFallbackTest {
    private static final Predicate<String> PLATE = k -> k.startsWith("PLT") || k.startsWith("AMD")
            || k.startsWith("PPO") || k.startsWith("CNPIX") || k.endsWith("PIXELSZ");
    private static final Predicate<String> TAN = k -> k.matches("CD[12]_[12]") || k.startsWith("PC")
            || k.startsWith("CDELT") || k.startsWith("CROTA");

    private static double maxSeparation(Wcs a, Wcs b, int n1, int n2) {
        return RealHeaders.maxSeparation(a, b, n1, n2, 12);
    }

    @Test
    void singularOrientationFallsBackToTheHeadersTan() throws IOException {
        FitsHeader h = RealHeaders.plate(RealHeaders.BLUE_XO121);
        WcsReading r = WcsReader.read(RealHeaders.with(h, Map.of("PPO5", "0")));
        assertThat(r.model()).isEqualTo(WcsModel.TAN_FALLBACK);
        assertThat(r.model().columnValue()).isEqualTo("tan_fallback");
        assertThat(r.warning()).contains("PPO5").contains("singular").contains("tan_cd");
        // the positions are the header's CD TAN, exactly
        Wcs tan = WcsReader.fromHeader(RealHeaders.without(h, PLATE));
        assertThat(maxSeparation(r.wcs(), tan, 1188, 1190)).isLessThan(1e-9);
        // which on this cutout is within 0.2" of the plate solution's expected values (measured 0.160")
        double worst = 0;
        for (double[] e : RealHeaders.expected(RealHeaders.BLUE_XO121)) {
            double[] sky = r.wcs().pixelToSky(e[0], e[1]);
            worst = Math.max(worst, Angles.separationArcsec(sky[0], sky[1], e[2], e[3]));
        }
        assertThat(worst).isLessThan(0.2);
        assertThat(WcsReader.modelOf(RealHeaders.with(h, Map.of("PPO5", "0")))).isEqualTo(WcsModel.TAN_FALLBACK);
    }

    @Test
    void missingOrNonFiniteCoefficientsFallBackNamingTheKey() throws IOException {
        FitsHeader m101 = RealHeaders.header(RealHeaders.M101);
        WcsReading noPpo3 = WcsReader.read(RealHeaders.without(m101, k -> k.equals("PPO3")));
        assertThat(noPpo3.model()).isEqualTo(WcsModel.TAN_FALLBACK);
        assertThat(noPpo3.warning()).contains("missing PPO3");
        WcsReading nan = WcsReader.read(RealHeaders.with(m101, Map.of("AMDX3", "NaN")));
        assertThat(nan.model()).isEqualTo(WcsModel.TAN_FALLBACK);
        assertThat(nan.warning()).contains("AMDX3").contains("not finite");
        WcsReading text = WcsReader.read(RealHeaders.with(m101, Map.of("XPIXELSZ", "25.28 um")));
        assertThat(text.warning()).contains("XPIXELSZ").contains("not a number");
        // the fallback is the M101 header's CD TAN, 0.69" from the plate solution at the corners
        Wcs plate = WcsReader.fromHeader(m101);
        assertThat(maxSeparation(nan.wcs(), plate, 530, 530)).isBetween(0.6, 0.8);
    }

    /** A solution that does not map the image back onto itself (a folded polynomial) is not used. */
    @Test
    void solutionWhoseRoundTripFailsFallsBack() throws IOException {
        FitsHeader m101 = RealHeaders.header(RealHeaders.M101);
        // A fifth-order term of -4e-6 folds xi inside the cutout: dxi/dx changes sign between its corners
        // (x 15..28 mm, y 51..65 mm from the plate centre), so the centre's sky maps back to the other branch.
        FitsHeader folded = RealHeaders.with(m101, Map.of("AMDX13", "-4e-6"));
        assertThatThrownBy(() -> DssPlateWcs.fromHeader(folded)).isInstanceOf(WcsException.class)
                .hasMessageContaining("does not invert");
        WcsReading r = WcsReader.read(folded);
        assertThat(r.model()).isEqualTo(WcsModel.TAN_FALLBACK);
        assertThat(r.warning()).contains("does not invert").contains("pixel (");
    }

    @Test
    void withoutATanTheUnusablePlateSolutionIsAnError() throws IOException {
        FitsHeader plateOnly = RealHeaders.without(RealHeaders.plate(RealHeaders.BLUE_XO121), TAN);
        assertThat(WcsReader.read(plateOnly).model()).isEqualTo(WcsModel.DSS_PLATE);
        assertThatThrownBy(() -> WcsReader.read(RealHeaders.with(plateOnly, Map.of("PPO5", "0"))))
                .isInstanceOf(WcsException.class).hasMessageContaining("PPO5").hasMessageContaining("singular");
    }

    @Test
    void aBrokenTanTooIsAnErrorNamingBoth() throws IOException {
        FitsHeader h = RealHeaders.plate(RealHeaders.BLUE_XO121);
        FitsHeader both = RealHeaders.without(RealHeaders.with(h, Map.of("PPO5", "0")), k -> k.equals("CRVAL2"));
        assertThatThrownBy(() -> WcsReader.read(both)).isInstanceOf(WcsException.class)
                .hasMessageContaining("PPO5").hasMessageContaining("CRVAL2");
    }
}
