package org.skysift.extract.psf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class CirclesTest {
    @Test
    void agreesWithHypotOnPixelOffsetsFromFractionalCentres() {
        SplittableRandom rng = new SplittableRandom(5);
        int differ = 0;
        for (int n = 0; n < 200_000; n++) {
            // the PSF loops' shape: integer pixel minus a fractional centre, radii of a few pixels
            double dx = rng.nextInt(-30, 31) - rng.nextDouble(), dy = rng.nextInt(-30, 31) - rng.nextDouble();
            double r = rng.nextDouble() * 25;
            if (Circles.within(dx, dy, r) != (Math.hypot(dx, dy) <= r)) {
                differ++;
            }
        }
        assertThat(differ).isZero();
    }

    @Test
    void boundaryAndNegativeRadius() {
        assertThat(Circles.within(3, 4, 5)).isTrue();
        assertThat(Circles.within(-3, 4, 5)).isTrue();
        assertThat(Circles.within(3, 4, Math.nextDown(5.0))).isFalse();
        assertThat(Circles.within(0, 0, 0)).isTrue();
        assertThat(Circles.within(0, 0, -1)).isFalse(); // hypot(0, 0) <= -1 is false too
        assertThat(Circles.within(Double.NaN, 0, 5)).isFalse();
    }
}
