package org.skysift.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Tile;

@Tag("plain")
class FieldDistortionTest {

    @Test
    void radialTermReachesItsAmplitudeAtTheCorner() {
        // 101 x 101 px at 2"/px: centre (51, 51), corner distance hypot(101, 101) / 2
        FieldDistortion d = new FieldDistortion(1.5, new double[10], 51, 51, Math.hypot(101, 101) / 2, 2.0);
        double c = Math.hypot(101, 101) / 2 / Math.sqrt(2);
        double[] corner = d.displace(new double[] {51 + c, 51 + c});
        assertThat(Math.hypot(corner[0] - 51 - c, corner[1] - 51 - c) * 2.0).isCloseTo(1.5, within(1e-9));
        // outwards (pincushion), and a cube of the radius: half way out, an eighth
        assertThat(corner[0]).isGreaterThan(51 + c);
        double[] half = d.displace(new double[] {51 + c / 2, 51 + c / 2});
        assertThat(Math.hypot(half[0] - 51 - c / 2, half[1] - 51 - c / 2) * 2.0).isCloseTo(1.5 / 8, within(1e-9));
        assertThat(d.displace(new double[] {51, 51})).containsExactly(51, 51);
    }

    @Test
    void lowOrderTermsAreBoundedByTheirFraction() {
        FieldDistortion d = FieldDistortion.of(1.0, 200, 200, 1.0, new SplittableRandom(3));
        for (double t : d.terms()) {
            assertThat(Math.abs(t)).isLessThanOrEqualTo(FieldDistortion.LOW_ORDER_FRACTION);
        }
        assertThat(d.terms()).isNotEqualTo(new double[10]);
    }

    /** The renderer's truth carries the displaced pixel; the header (TAN) is the undistorted one. */
    @Test
    void rendererPlacesStarsAwayFromTheirHeaderPixels() {
        SkySiftConfig c = ConfigLoader.fromYamlString("synthetic: {seed: 4, distortion_arcsec: 2.0}");
        SyntheticSky sky = new SyntheticSky(new SkyModel(c.synthetic(), c.image().pixelScaleArcsec()));
        RenderedTile plate = SyntheticRenderer.render(new Tile(3, 80.0, 10.0, 20, 20), sky);
        double worst = 0, centre = Double.POSITIVE_INFINITY;
        for (RenderedTile.PlacedStar s : plate.stars()) {
            double[] p = plate.wcs().skyToPixel(s.star().ra(), s.star().dec());
            double moved = Math.hypot(s.x() - p[0], s.y() - p[1]) * c.image().pixelScaleArcsec();
            double r = Math.hypot(p[0] - (plate.width() + 1) / 2.0, p[1] - (plate.height() + 1) / 2.0);
            worst = Math.max(worst, moved);
            if (r < 60) {
                centre = Math.min(centre, moved);
            }
        }
        // 2" at the corner plus low-order terms up to 10 x 0.6"; next to nothing near the centre (quadratic terms: (60 / 499)² x 0.6" each)
        assertThat(worst).isBetween(1.0, 8.0);
        assertThat(centre).isLessThan(0.1);
    }
}
