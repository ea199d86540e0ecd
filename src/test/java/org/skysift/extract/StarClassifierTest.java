package org.skysift.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.testing.StarNnw;

@Tag("plain")
class StarClassifierTest {

    @Test
    void isophotalAreasCountPixelsAboveLevelsSpacedInLogFromThresholdToPeak() {
        // threshold 10, peak 2560: levels 10, 20, 40, ... 1280
        float[] sub = {2560, 1000, 500, 300, 100, 50, 30, 15, 10, 9};
        int[] pix = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(Measurer.isoAreas(pix, 0, pix.length, sub, 10, 2560)).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        // only the footprint's own entries count
        assertThat(Measurer.isoAreas(pix, 4, 8, sub, 10, 2560)).containsExactly(4, 3, 2, 1, 0, 0, 0, 0);
        assertThat(Measurer.isoAreas(pix, 0, pix.length, sub, 0, 2560)).containsOnly(0);
    }

    @Test
    void inputsAreLogAreasInSeeingDiscsThePeakOverThresholdAndTheSeeingInArcsec() {
        // seeing 2 px at 1.5"/px: areas in units of 4 px, seeing 3"
        double[] in = StarClassifier.inputs(new int[] {8, 7, 6, 5, 4, 3, 2, 1}, 2560, 10, 2, 1.5);
        assertThat(in).containsExactly(new double[] {0.3010299956639812, 2.4082399653118496, 0.24303804868629442,
                0.17609125905568124, 0.09691001300805642, 0.0, -0.12493873660829993, -0.3010299956639812,
                -0.6020599913279624, 0.47712125471966244}, within(1e-12));
        // empty areas count as 0.01 seeing discs, a non-positive peak as 0.1 threshold, no threshold as -1
        double[] empty = StarClassifier.inputs(new int[8], -5, 10, 2, 1.5);
        assertThat(empty[0]).isEqualTo(-2.0);
        assertThat(empty[1]).isCloseTo(-1.0, within(1e-12));
        assertThat(empty[8]).isEqualTo(-2.0);
        assertThat(StarClassifier.inputs(new int[8], 100, 0, 2, 1.5)[1]).isEqualTo(-1.0);
    }

    @Test
    void seeingComesFromThePsfElseTheConfigElseTheMedianFwhm() {
        assertThat(StarClassifier.seeingPx(null, 3.4, 1.7, 2.5)).isCloseTo(2.0, within(1e-12));
        assertThat(StarClassifier.seeingPx(null, 0, 1.7, 2.5)).isEqualTo(2.5);
        assertThat(StarClassifier.seeingPx(null, 0, 1.7, Double.NaN)).isNaN();
    }

    @Test
    void sharpSourcesAreStarsAndBroadOnesGalaxies() throws Exception {
        StarClassifier sc = StarClassifier.read(StarNnw.require());
        // a bright source whose areas shrink as a 3 px Gaussian seeing profile's do, against an exponential
        // disc of scale 3 px (its areas grow as the square of the log of the level, a star's as the log)
        double seeing = 3;
        int[] star = new int[8];
        int[] galaxy = new int[8];
        double peakOverThresh = 200;
        for (int k = 0; k < 8; k++) {
            // above peak x f a Gaussian covers (pi / (4 ln 2)) FWHM^2 ln(1 / f), an exponential pi (h ln(1 / f))^2
            double lnf = Math.log(peakOverThresh) * (1 - k / 8.0);
            star[k] = (int) Math.round(Math.PI / (4 * Math.log(2)) * seeing * seeing * lnf);
            galaxy[k] = (int) Math.round(Math.PI * 9 * lnf * lnf);
        }
        Source s = source(star, 2000, 10);
        Source g = source(galaxy, 2000, 10);
        assertThat(sc.classify(s, seeing, 1.0)).as("star").isGreaterThan(0.9);
        assertThat(sc.classify(g, seeing, 1.0)).as("galaxy").isLessThan(0.1);
        assertThat(sc.classify(s, 0, 1.0)).isNaN();
        assertThat(sc.classify(s, seeing, Double.NaN)).isNaN();
    }

    static Source source(int[] iso, double peak, double threshold) {
        return new Source(1, 10, 10, Double.NaN, Double.NaN, 10, 10, 1, 1, 0, 1, 1, 0, 1000, 10, 1000, 10, 3.5,
                new double[0], new double[0], peak, new double[0], 2, 3, 50, iso[0], 100, 0, 5, 15, 5, 15, threshold, iso);
    }
}
