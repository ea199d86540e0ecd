package org.skysift.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Angles;
import org.skysift.sky.Tile;
import org.skysift.wcs.WcsReader;

@Tag("plain")
class SyntheticSkyTest {
    private final SyntheticSky sky = new SyntheticSky(TestSkies.standard(42));

    @Test
    void coneReturnsTheSameStarsWhoeverAsks() {
        List<SyntheticStar> a = sky.cone(10, 20, 0.5);
        List<SyntheticStar> b = new SyntheticSky(TestSkies.standard(42)).cone(10, 20, 0.5);
        assertThat(a).isEqualTo(b);
        assertThat(new SyntheticSky(TestSkies.standard(43)).cone(10, 20, 0.5)).isNotEqualTo(a);
        // overlapping cones agree on the stars they share
        Set<String> inSmall = sky.cone(10.2, 20.1, 0.2).stream().map(SyntheticStar::id).collect(Collectors.toSet());
        Set<String> inBig = a.stream().map(SyntheticStar::id).collect(Collectors.toSet());
        assertThat(inBig).containsAll(inSmall);
    }

    @Test
    void densityAndLuminosityFunctionMatchTheModel() {
        double r = 1.0;
        List<SyntheticStar> stars = sky.cone(200, -35, r);
        double area = 2 * Math.PI * (1 - Math.cos(Math.toRadians(r))) * Math.pow(180 / Math.PI, 2);
        long normal = stars.stream().filter(s -> !s.vanished()).count();
        assertThat(normal / area).isCloseTo(3000, within(3000 * 0.05));
        for (SyntheticStar s : stars) {
            assertThat(Angles.separationDeg(200, -35, s.ra(), s.dec())).isLessThanOrEqualTo(r);
        }
        // dN/dm grows by 10^0.3 = 2x per magnitude
        long m18 = stars.stream().filter(s -> !s.vanished() && s.mag() >= 18 && s.mag() < 19).count();
        long m17 = stars.stream().filter(s -> !s.vanished() && s.mag() >= 17 && s.mag() < 18).count();
        assertThat((double) m18 / m17).isCloseTo(2.0, within(0.3));
    }

    @Test
    void conesAcrossTheRaSeamAndThePoleAreComplete() {
        assertThat(sky.cone(0.0, 0.0, 0.3).stream().anyMatch(s -> s.ra() > 359)).isTrue();
        assertThat(sky.cone(0.0, 0.0, 0.3).stream().anyMatch(s -> s.ra() < 1)).isTrue();
        List<SyntheticStar> pole = sky.cone(0, 90, 0.3);
        double area = 2 * Math.PI * (1 - Math.cos(Math.toRadians(0.3))) * Math.pow(180 / Math.PI, 2);
        assertThat(pole.stream().filter(s -> !s.vanished()).count() / area).isCloseTo(3000, within(450.0));
    }

    @Test
    void renderedPlateCarriesAWcsThatPlacesStarsWhereTheTruthSays() throws IOException {
        Tile tile = new Tile(77, 359.95, -0.5, 10, 10);
        RenderedTile r = SyntheticRenderer.render(tile, sky);
        FitsImage img = FitsReader.read(new ByteArrayInputStream(r.fits()), "synthetic");
        assertThat(img.width()).isEqualTo(353);
        assertThat(img.header().getString("DATE-OBS")).matches("195\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        var wcs = WcsReader.fromHeader(img.header());
        for (RenderedTile.PlacedStar p : r.stars()) {
            double[] px = wcs.skyToPixel(p.star().ra(), p.star().dec());
            assertThat(px[0]).isCloseTo(p.x(), within(1e-6));
            assertThat(px[1]).isCloseTo(p.y(), within(1e-6));
        }
        // the same tile renders to the same bytes
        assertThat(SyntheticRenderer.render(tile, sky).fits()).isEqualTo(r.fits());
    }
}
