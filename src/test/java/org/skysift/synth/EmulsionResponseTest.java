package org.skysift.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;

@Tag("plain")
class EmulsionResponseTest {
    static final SkySiftConfig.Emulsion DEFAULTS = SkySiftConfig.defaults().synthetic().emulsion();

    @Test
    void linearIsTheIdentityAndTheDefault() {
        assertThat(DEFAULTS.response()).isEqualTo("linear");
        EmulsionResponse e = EmulsionResponse.of(DEFAULTS);
        assertThat(e).isSameAs(EmulsionResponse.LINEAR);
        assertThat(e.record(1234.5)).isEqualTo(1234.5);
        assertThat(e.saturates(65535, 65535)).isTrue();
        assertThat(e.saturates(65534, 65535)).isFalse();
    }

    @Test
    void photographicCurveHasAToeAndAPlateauBelowTheAdcMaximum() {
        EmulsionResponse e = new EmulsionResponse(true, 1.2, 15000, 2500, 13000);
        assertThat(e.record(0)).isEqualTo(2500);
        assertThat(e.record(15000)).isEqualTo(0.5 * (2500 + 13000));
        assertThat(e.record(1e9)).isLessThan(13000).isGreaterThan(12999);
        double prev = e.record(0);
        for (double x = 10; x < 1e7; x *= 1.1) {
            assertThat(e.record(x)).isGreaterThan(prev);
            prev = e.record(x);
        }
        // toe: the response per count grows with exposure at first (gamma > 1), then the shoulder shrinks it
        double low = e.record(200) - e.record(100), mid = e.record(6100) - e.record(6000);
        double high = e.record(200100) - e.record(200000);
        assertThat(mid).isGreaterThan(low);
        assertThat(high).isLessThan(mid / 20);
        assertThat(e.saturates(15000 * Math.pow(9, 1 / 1.2) * 1.01, 65535)).isTrue(); // 90% of the range
        assertThat(e.saturates(15000 * Math.pow(9, 1 / 1.2) * 0.99, 65535)).isFalse();
        assertThat(e.record(-50)).isEqualTo(2500); // noise below zero exposure records fog
    }

    @Test
    void brightStarsComeOutFlatToppedBelowTheAdcMaximum() throws Exception {
        RenderedTile t = SyntheticRenderer.render(new Tile(7, 157.0, 20.0, 30, 30), new SyntheticSky(new SkyModel(
                ConfigLoader.fromYamlString(PlateProfilesTool.SKY).synthetic(), 1.7)));
        FitsImage img = FitsReader.read(new ByteArrayInputStream(t.fits()), "t");
        float max = 0;
        for (float v : img.data()) {
            max = Math.max(max, v);
        }
        assertThat(max).isLessThan(13100).isGreaterThan(12500); // the plateau (+ rounding), far below 65535
        List<StarProfiles.Star> stars = StarProfiles.brightest(img.data(), img.width(), img.height(), 5, 2000);
        assertThat(stars).hasSize(5);
        // flat tops: most core pixels (within 2.5 px) at 90% of the peak or more (an unsaturated Moffat core of FWHM 3 px: 1-5 of 21)
        double[] flat = stars.stream().mapToDouble(StarProfiles.Star::flat90).toArray();
        assertThat(java.util.Arrays.stream(flat).min().orElseThrow()).isGreaterThanOrEqualTo(0.75);
        assertThat(StarProfiles.median(flat)).isGreaterThanOrEqualTo(0.85);
        // truth agrees: the brightest are flagged saturated, faint ones are not
        assertThat(t.stars().stream().filter(p -> p.star().mag() < 11).allMatch(RenderedTile.PlacedStar::saturated)).isTrue();
        assertThat(t.stars().stream().filter(p -> p.star().mag() > 14).noneMatch(RenderedTile.PlacedStar::saturated)).isTrue();
    }

    /**
     * The rendered bright-star profiles against the real DSS cutouts (skips without ../shared/data): at the same
     * instrumental magnitude (-15.5 to -13.5), cores of similar flatness and plateaus of similar radius.
     */
    @Test
    void profilesLikeRealDssPlates() throws Exception {
        var real = PlateProfilesTool.read(org.skysift.testing.SharedData.require("dss/dss1red_POSSI-E_XE133_M101.fits"));
        var synth = PlateProfilesTool.synthetic(PlateProfilesTool.SKY.replace("emulsion:", "realism: plate, emulsion:"));
        var r = inRange(StarProfiles.brightest(real.data(), real.w(), real.h(), 40, 2000));
        var s = inRange(StarProfiles.brightest(synth.data(), synth.w(), synth.h(), 40, 2000));
        System.out.println(PlateProfilesTool.summary("M101", r));
        System.out.println(PlateProfilesTool.summary("synthetic", s));
        assertThat(r).hasSizeGreaterThan(5);
        assertThat(s).hasSizeGreaterThan(5);
        double rr90 = StarProfiles.median(r.stream().mapToDouble(StarProfiles.Star::r90).toArray());
        double sr90 = StarProfiles.median(s.stream().mapToDouble(StarProfiles.Star::r90).toArray());
        assertThat(Math.abs(sr90 - rr90)).isLessThanOrEqualTo(1);
        double rPeak = StarProfiles.median(r.stream().mapToDouble(x -> (x.peak() + x.sky()) / x.sky()).toArray());
        double sPeak = StarProfiles.median(s.stream().mapToDouble(x -> (x.peak() + x.sky()) / x.sky()).toArray());
        assertThat(sPeak / rPeak).isBetween(0.8, 1.25);
    }

    private static List<StarProfiles.Star> inRange(List<StarProfiles.Star> all) {
        return all.stream().filter(x -> x.instMag() > PlateProfilesTool.BRIGHTEST && x.instMag() < PlateProfilesTool.FAINTEST)
                .toList();
    }
}
