package org.skysift.report.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.sky.Healpix;

/** sky.Healpix at order 29, the _healpix_29 of every HATS row, against healpy (src/test/python/make_healpix29.py). */
@Tag("plain")
class Healpix29VectorsTest {
    @Test
    void angToNestAtOrder29MatchesHealpyNearPolesSeamTransitionAndPixelEdges() {
        List<HatsTestTables.Vector> vectors = HatsTestTables.vectors();
        assertThat(vectors).hasSizeGreaterThan(400);
        assertThat(vectors.stream().map(HatsTestTables.Vector::kind).distinct())
                .contains("random", "pole", "seam", "transition", "meridian", "edge");
        int ties = 0;
        for (HatsTestTables.Vector v : vectors) {
            long got = Healpix.angToNest(29, v.ra(), v.dec());
            assertThat(v.accepts(got)).as("%s (%s, %s): %d, healpy %d", v.kind(), v.ra(), v.dec(), got, v.healpix29()).isTrue();
            ties += v.tie() ? 1 : 0;
        }
        // only (0, 0), a pixel corner at every order, is a tie that healpy's two routes split
        assertThat(ties).isEqualTo(1);
    }

    @Test
    void edgeVectorsStraddleNeighbouringPixels() {
        // each edge point and its mirror across the corner land in different pixels: the vectors
        // really probe boundaries, so an off-by-one in the last bit would show
        List<HatsTestTables.Vector> edges = HatsTestTables.vectors().stream().filter(v -> v.kind().equals("edge")).toList();
        int differ = 0;
        for (int i = 0; i + 1 < edges.size(); i += 2) {
            differ += edges.get(i).healpix29() != edges.get(i + 1).healpix29() ? 1 : 0;
        }
        assertThat(differ).isEqualTo(edges.size() / 2);
    }
}
