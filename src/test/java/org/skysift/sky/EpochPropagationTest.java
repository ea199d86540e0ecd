package org.skysift.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.sky.EpochPropagation.Motion;

@Tag("plain")
class EpochPropagationTest {
    private static final double MAS = 1.0 / 3.6e6; // degrees

    private static double sepMas(double ra1, double dec1, double ra2, double dec2) {
        return Angles.separationArcsec(ra1, dec1, ra2, dec2) * 1000.0;
    }

    @Test
    void barnardsStarMovedBack65Years() {
        // Gaia DR3 epoch 2016.0 to a 1951.0 plate. Expected from spherical trigonometry worked by hand:
        // total motion mu = hypot(-798.58, 10328.12) = 10358.95 mas/yr at position angle
        // atan2(-798.58, 10328.12) = -4.421 deg; going back 65 yr the star travels atan(mu*65) along
        // PA + 180 deg; sin d1 = sin d0 cos s + cos d0 sin s cos PA', dRA = atan2(sin PA' sin s cos d0,
        // cos s - sin d0 sin d1) gives RA 269.466463444, Dec 4.506520571.
        Motion m = EpochPropagation.propagate(269.452, 4.693, -798.58, 10328.12, 2016.0, 1951.0);
        assertThat(sepMas(m.ra(), m.dec(), 269.466463444, 4.506520571)).isLessThan(1.0);
        assertThat(m.epoch()).isEqualTo(1951.0);
        // The small-angle version (Dec + pmDE t, RA + pmRA t / cos Dec) is within 15 mas here:
        // 673" of travel at low declination bends very little.
        double linRa = 269.452 + -798.58 * -65 * MAS / Math.cos(Math.toRadians(4.693));
        double linDec = 4.693 + 10328.12 * -65 * MAS;
        double sep = sepMas(m.ra(), m.dec(), linRa, linDec);
        assertThat(sep).isBetween(1.0, 20.0);
        // Travelled distance is atan(mu t): 673.33" for 65 yr.
        assertThat(Angles.separationArcsec(269.452, 4.693, m.ra(), m.dec()))
                .isCloseTo(Math.toDegrees(Math.atan(10358.95 / EpochPropagation.MAS_PER_RAD * 65)) * 3600, within(0.01));
    }

    @Test
    void starCrossingTheNorthPole() {
        // 0.036" from the pole moving north at 1"/yr for 100 yr: it passes over the pole and ends
        // 99.964" down the RA = 180 meridian. Adding pm * t to Dec would give Dec > 90.
        Motion m = EpochPropagation.propagate(0.0, 89.99999, 0.0, 1000.0, 2000.0, 2100.0);
        assertThat(m.ra()).isCloseTo(180.0, within(1e-6));
        assertThat(m.dec()).isCloseTo(90.0 - (100.0 - 0.036) / 3600.0, within(0.1 * MAS));
        // Seen from the new place the star still moves away from the pole: southwards.
        assertThat(m.pmdec()).isCloseTo(-1000.0, within(1e-3));
        assertThat(m.pmra()).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void eastwardMotionNearThePoleFollowsTheRightSphericalTriangle() {
        // Start 0.1 deg from the pole at RA 45, move due east 5"/yr for 100 yr. The path is a great
        // circle at right angles to the meridian: with the straight-line model tan(s) = mu t exactly, so
        // tan(dRA) = mu t / sin(c0) and cos(c1) = cos(c0) / sqrt(1 + (mu t)^2).
        double c0 = Math.toRadians(0.1);
        double mut = 5000.0 * 100 / EpochPropagation.MAS_PER_RAD;
        double dRa = Math.toDegrees(Math.atan(mut / Math.sin(c0)));
        double c1 = Math.toDegrees(Math.acos(Math.cos(c0) / Math.sqrt(1 + mut * mut)));
        Motion m = EpochPropagation.propagate(45.0, 89.9, 5000.0, 0.0, 2000.0, 2100.0);
        assertThat(m.ra()).isCloseTo(45.0 + dRa, within(1e-7));
        assertThat(90.0 - m.dec()).isCloseTo(c1, within(0.01 * MAS));
        // dRA = 54.25 deg, where the small-angle formula would claim 79.6 deg.
        assertThat(dRa).isCloseTo(54.25, within(0.01));
    }

    @Test
    void smallMotionsAgreeWithTheLinearApproximation() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            double ra = rng.nextDouble() * 360;
            double dec = -80 + rng.nextDouble() * 160;
            double pmra = rng.nextDouble(-200, 200), pmdec = rng.nextDouble(-200, 200);
            double t = rng.nextDouble(-70, 70);
            Motion m = EpochPropagation.propagate(ra, dec, pmra, pmdec, 2016.0, 2016.0 + t);
            double linRa = Angles.normalizeRa(ra + pmra * t * MAS / Math.cos(Math.toRadians(dec)));
            double linDec = dec + pmdec * t * MAS;
            // The linear formula misses the second-order term, ~ tan(dec) (mu t)^2 (the meridians
            // converge): up to ~5 mas for 20" of travel at Dec 80, far below 0.01" near the equator.
            double theta = Math.hypot(pmra, pmdec) * Math.abs(t) / EpochPropagation.MAS_PER_RAD;
            double bound = Math.abs(Math.tan(Math.toRadians(dec))) * theta * theta * EpochPropagation.MAS_PER_RAD + 1e-3;
            assertThat(sepMas(m.ra(), m.dec(), linRa, linDec)).as("row %d", i).isLessThan(bound);
            // The motion's direction turns against the local meridian by dRA sin(dec) ~ theta tan(dec).
            double pmTol = 1.5 * Math.hypot(pmra, pmdec) * theta * Math.abs(Math.tan(Math.toRadians(dec))) + 1e-6;
            assertThat(m.pmra()).isCloseTo(pmra, within(pmTol));
            assertThat(m.pmdec()).isCloseTo(pmdec, within(pmTol));
        }
    }

    @Test
    void forwardThenBackIsTheIdentityAndTheRaSeamIsHandled() {
        Motion out = EpochPropagation.propagate(359.9999, -30.0, 3000.0, -500.0, 2016.0, 1950.0);
        // Going back 66 yr at +3"/yr in RA moves west across RA = 0: lands just below 360.
        assertThat(out.ra()).isBetween(359.9, 360.0);
        // Back again with the 1950 motion: not exactly the identity, since at 1950 the star has a
        // radial component that this model drops (third order, (mu t)^3 / 3 ~ 0.2 mas for 200").
        Motion back = EpochPropagation.propagate(out.ra(), out.dec(), out.pmra(), out.pmdec(), 1950.0, 2016.0);
        assertThat(sepMas(back.ra(), back.dec(), 359.9999, -30.0)).isLessThan(0.5);
        assertThat(back.pmra()).isCloseTo(3000.0, within(0.01));
        assertThat(back.pmdec()).isCloseTo(-500.0, within(0.01));

        Motion fwd = EpochPropagation.propagate(0.00001, 10.0, -2000.0, 0.0, 2016.0, 2030.0);
        assertThat(fwd.ra()).isBetween(359.99, 360.0);
    }

    @Test
    void propagatedProperMotionIsTheDerivativeOfPosition() {
        Motion a = EpochPropagation.propagate(120.0, 60.0, 4000.0, -7000.0, 2016.0, 1950.0);
        double h = 0.01;
        Motion b = EpochPropagation.propagate(120.0, 60.0, 4000.0, -7000.0, 2016.0, 1950.0 + h);
        double dRa = (b.ra() - a.ra()) * 3.6e6 * Math.cos(Math.toRadians(a.dec())) / h;
        double dDec = (b.dec() - a.dec()) * 3.6e6 / h;
        assertThat(a.pmra()).isCloseTo(dRa, within(0.01));
        assertThat(a.pmdec()).isCloseTo(dDec, within(0.01));
        // Moving along a great circle the RA component changes with Dec: not the catalogue value.
        assertThat(Math.abs(a.pmra() - 4000.0)).isGreaterThan(1.0);
    }

    @Test
    void rowsWithoutProperMotionAreUnchanged() {
        Motion m = EpochPropagation.propagate(10.0, 20.0, Double.NaN, Double.NaN, 2016.0, 1950.0);
        assertThat(m.ra()).isEqualTo(10.0);
        assertThat(m.dec()).isEqualTo(20.0);
        assertThat(m.epoch()).isEqualTo(2016.0);
        Motion noEpoch = EpochPropagation.propagate(10.0, 20.0, 5.0, 5.0, Double.NaN, 1950.0);
        assertThat(noEpoch.ra()).isEqualTo(10.0);
        assertThat(noEpoch.dec()).isEqualTo(20.0);
        Motion zero = EpochPropagation.propagate(10.0, 20.0, 0.0, 0.0, 2016.0, 1950.0);
        assertThat(zero.ra()).isCloseTo(10.0, within(1e-12));
        assertThat(zero.dec()).isCloseTo(20.0, within(1e-12));
    }

    @Test
    void julianEpochs() {
        assertThat(EpochPropagation.julianEpoch(2451545.0)).isEqualTo(2000.0);
        // J2016.0 = JD 2457389.0 (2016 years of 365.25 days after J2000 ... 16 * 365.25 = 5844 days).
        assertThat(EpochPropagation.julianEpoch(2457389.0)).isCloseTo(2016.0, within(1e-12));
        // J2000.0 is 2000-01-01T12:00 (TT); 1951-07-05T04:00 UTC is 1951.5089...
        assertThat(EpochPropagation.julianEpoch(LocalDateTime.of(2000, 1, 1, 12, 0))).isCloseTo(2000.0, within(1e-9));
        double jd = 2433832.5 + 4.0 / 24.0; // 1951-07-05 04:00 UTC
        assertThat(EpochPropagation.julianEpoch(LocalDateTime.of(1951, 7, 5, 4, 0)))
                .isCloseTo(2000.0 + (jd - 2451545.0) / 365.25, within(1e-9));
    }
}
