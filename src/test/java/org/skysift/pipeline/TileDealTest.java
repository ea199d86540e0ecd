package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.acquire.TileRequest;
import org.skysift.sky.Tile;

@Tag("plain")
class TileDealTest {
    /** The best possible span of n tiles on m partitions, by trying every assignment (m^n of them). */
    private static double bruteForceBest(double[] costs, int m) {
        int n = costs.length;
        int[] part = new int[n];
        double best = Double.POSITIVE_INFINITY;
        long total = (long) Math.pow(m, n);
        for (long code = 0; code < total; code++) {
            long c = code;
            double[] load = new double[m];
            for (int i = 0; i < n; i++) {
                load[(int) (c % m)] += costs[i];
                c /= m;
            }
            double span = 0;
            for (double l : load) {
                span = Math.max(span, l);
            }
            best = Math.min(best, span);
        }
        return best;
    }

    private static double span(TileDeal d) {
        return d.loads()[0];
    }

    @Test
    void theHeaviestPartitionIsWithinLptsBoundOfTheBestPossibleOnRandomCosts() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 60; trial++) {
            int n = 4 + rnd.nextInt(6);
            int m = 2 + rnd.nextInt(2);
            long[] ids = new long[n];
            double[] costs = new double[n];
            for (int i = 0; i < n; i++) {
                ids[i] = 1_000_000L * rnd.nextInt(50) + i;
                // heavy-tailed: now and then one tile ten times the others
                costs[i] = rnd.nextDouble() < 0.2 ? 10 * (1 + rnd.nextDouble()) : 0.5 + rnd.nextDouble();
            }
            TileDeal d = TileDeal.of(ids, costs, m);
            double best = bruteForceBest(costs, m);
            assertThat(span(d)).as("trial %d", trial).isGreaterThanOrEqualTo(best - 1e-9)
                    .isLessThanOrEqualTo((4.0 / 3 - 1.0 / (3 * m)) * best + 1e-9);
        }
    }

    @Test
    void everyTileOnceLoadsAddUpAndPartitionsRunHeaviestFirst() {
        Random rnd = new Random(3);
        int n = 1000;
        long[] ids = new long[n];
        double[] costs = new double[n];
        double total = 0;
        double longest = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = 7_000_000L + 13L * i;
            costs[i] = Math.exp(rnd.nextGaussian());
            total += costs[i];
            longest = Math.max(longest, costs[i]);
        }
        int m = TileDeal.partitions(n, 2, 8);
        assertThat(m).isEqualTo(500);
        TileDeal d = TileDeal.of(ids, costs, 37);
        double[] recomputed = new double[d.partitions()];
        boolean[] rankSeen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int r = d.rank(ids[i]);
            assertThat(rankSeen[r]).as("rank %d given twice", r).isFalse();
            rankSeen[r] = true;
            assertThat(d.partition(ids[i])).isEqualTo(d.partitionOfRank(r));
            recomputed[d.partition(ids[i])] += costs[i];
        }
        double[] loads = d.loads();
        double sum = 0;
        for (int p = 0; p < loads.length; p++) {
            assertThat(recomputed[p]).isCloseTo(loads[p], within(1e-9));
            sum += loads[p];
            if (p > 0) {
                assertThat(loads[p]).isLessThanOrEqualTo(loads[p - 1]);
            }
        }
        assertThat(sum).isCloseTo(total, within(1e-6));
        // list scheduling's bound: no partition exceeds the mean by more than the longest tile
        assertThat(loads[0]).isLessThanOrEqualTo(total / 37 + longest);
        // ranks follow falling cost
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 20; j++) {
                int k = (i * 31 + j * 17) % n;
                if (costs[i] > costs[k]) {
                    assertThat(d.rank(ids[i])).isLessThan(d.rank(ids[k]));
                }
            }
        }
        assertThatThrownBy(() -> d.rank(42)).hasMessageContaining("tile 42 was not dealt");
    }

    @Test
    void aTenTimesSlowerTileRunsFirstAndAlone() {
        int n = 40;
        long[] ids = new long[n];
        double[] costs = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 100 + i;
            costs[i] = i == 33 ? 10 : 1;
        }
        TileDeal d = TileDeal.of(ids, costs, TileDeal.partitions(n, 2, 2));
        assertThat(d.partitions()).isEqualTo(20);
        assertThat(d.partition(133)).isZero();
        assertThat(d.rank(133)).isZero();
        assertThat(d.loads()[0]).isEqualTo(10);
        // the other 39 tiles: 19 partitions of two and one of three... never stacked behind the slow one
        for (int i = 0; i < n; i++) {
            if (i != 33) {
                assertThat(d.partition(ids[i])).isNotZero();
            }
        }
        assertThat(d.loads()[1]).isEqualTo(3);
        // equal costs: dealt in id order, round robin
        TileDeal even = TileDeal.of(new long[] {5, 3, 9, 1}, new double[] {1, 1, 1, 1}, 2);
        assertThat(List.of(even.rank(1), even.rank(3), even.rank(5), even.rank(9))).containsExactly(0, 1, 2, 3);
        assertThat(List.of(even.partition(1), even.partition(3), even.partition(5), even.partition(9)))
                .containsExactly(0, 1, 0, 1);
    }

    @Test
    void theSameTilesGiveTheSameDealInAnyInputOrder() {
        Random rnd = new Random(11);
        int n = 200;
        List<long[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // costs from a few values, so ties are many and settled by the tile id
            pairs.add(new long[] {rnd.nextInt(1_000_000), 1 + rnd.nextInt(4)});
        }
        pairs = new ArrayList<>(pairs.stream().collect(java.util.stream.Collectors.toMap(p -> p[0], p -> p, (a, b) -> a))
                .values());
        TileDeal a = deal(pairs);
        java.util.Collections.shuffle(pairs, rnd);
        TileDeal b = deal(pairs);
        for (long[] p : pairs) {
            assertThat(b.rank(p[0])).isEqualTo(a.rank(p[0]));
            assertThat(b.partition(p[0])).isEqualTo(a.partition(p[0]));
        }
    }

    private static TileDeal deal(List<long[]> pairs) {
        long[] ids = pairs.stream().mapToLong(p -> p[0]).toArray();
        double[] costs = pairs.stream().mapToDouble(p -> p[1]).toArray();
        return TileDeal.of(ids, costs, 9);
    }

    @Test
    void partitionCountsAndBadInput() {
        assertThat(TileDeal.partitions(0, 2, 2)).isEqualTo(1);
        assertThat(TileDeal.partitions(3, 2, 2)).as("fewer tiles than 4 x cores: one each").isEqualTo(3);
        assertThat(TileDeal.partitions(12, 2, 2)).as("4 x cores beats 6 pairs").isEqualTo(8);
        assertThat(TileDeal.partitions(70_000, 2, 64)).isEqualTo(35_000);
        assertThat(TileDeal.partitions(70_000, 1000, 64)).isEqualTo(256);
        assertThatThrownBy(() -> TileDeal.of(new long[] {1, 1}, new double[] {1, 2}, 2)).hasMessageContaining("tile 1 is listed twice");
        assertThatThrownBy(() -> TileDeal.of(new long[] {1}, new double[] {Double.NaN}, 2)).hasMessageContaining("tile 1: cost NaN");
    }

    @Test
    void priorsFollowAreaAndTheGalacticPlane() {
        // the galactic poles and centre (J2000)
        assertThat(TileCosts.galacticSinLatitude(192.85948, 27.12825)).isCloseTo(1, within(1e-9));
        assertThat(TileCosts.galacticSinLatitude(266.40500, -28.93617)).isCloseTo(0, within(1e-4));
        assertThat(TileCosts.galacticSinLatitude(12.85948, -27.12825)).isCloseTo(-1, within(1e-9));
        TileWork pole = new TileWork(new TileRequest(new Tile(1, 192.85948, 27.12825, 60, 60), null), 1);
        TileWork plane = new TileWork(new TileRequest(new Tile(2, 266.405, -28.936, 60, 60), null), 1);
        TileWork small = new TileWork(new TileRequest(new Tile(3, 192.85948, 27.12825, 30, 30), null), 1);
        // real sky: 1 deg² x (1 + 1) at the pole, x (1 + 10) in the plane; synthetic: uniform
        assertThat(TileCosts.prior(pole, Double.NaN)).isCloseTo(2, within(1e-9));
        assertThat(TileCosts.prior(plane, Double.NaN)).isCloseTo(11, within(1e-9));
        assertThat(TileCosts.prior(small, Double.NaN)).isCloseTo(0.5, within(1e-9));
        assertThat(TileCosts.prior(plane, 3000)).isEqualTo(TileCosts.prior(pole, 3000)).isCloseTo(2, within(1e-9));
        // measured costs win, the median stands in for tiles the earlier run did not have
        assertThat(TileCosts.PRIOR.of(1, 2.5)).isEqualTo(2.5);
    }
}
