package org.skysift.pipeline;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * Tiles dealt into partitions of about equal expected cost: the costliest tile first, each into the partition
 * with the least cost so far (longest processing time first). Partitions are then numbered by falling cost,
 * so Spark, which starts tasks in partition order, starts the heaviest first and fills the stage's tail with
 * light ones; a slow tile sits alone in its partition instead of holding others behind it. Deterministic:
 * ties go to the smaller tile id and the smaller partition.
 */
public final class TileDeal implements Serializable {
    private final long[] sortedIds;
    private final int[] rankOfSorted;
    private final int[] partitionOfRank;
    private final double[] load;

    private TileDeal(long[] sortedIds, int[] rankOfSorted, int[] partitionOfRank, double[] load) {
        this.sortedIds = sortedIds;
        this.rankOfSorted = rankOfSorted;
        this.partitionOfRank = partitionOfRank;
        this.load = load;
    }

    /**
     * How many partitions for n tiles: at most tilesPerPartition tiles each, and at least four per core so
     * a core that finishes early takes more (one tile per partition when there are fewer tiles than that).
     */
    public static int partitions(long tiles, int tilesPerPartition, int cores) {
        long byTiles = (tiles + tilesPerPartition - 1) / tilesPerPartition;
        return (int) Math.max(1, Math.min(tiles, Math.max(byTiles, 4L * Math.max(1, cores))));
    }

    /** Deals the tiles (ids, each with its expected cost, >= 0) into the given number of partitions. */
    public static TileDeal of(long[] ids, double[] costs, int partitions) {
        if (ids.length != costs.length) {
            throw new IllegalArgumentException(ids.length + " tile ids but " + costs.length + " costs");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        int n = ids.length;
        Integer[] byCost = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byCost, Comparator.<Integer>comparingDouble(i -> -costs[i]).thenComparingLong(i -> ids[i]));
        double[] dealt = new double[partitions];
        int[] partOfRank = new int[n];
        // (load, partition) smallest first; the partition index breaks ties
        PriorityQueue<double[]> open = new PriorityQueue<>(Comparator.<double[]>comparingDouble(p -> p[0])
                .thenComparingDouble(p -> p[1]));
        for (int p = 0; p < partitions; p++) {
            open.add(new double[] {0, p});
        }
        for (int r = 0; r < n; r++) {
            double[] least = open.poll();
            int p = (int) least[1];
            double c = costs[byCost[r]];
            if (!(c >= 0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("tile " + ids[byCost[r]] + ": cost " + c + " is not a finite number >= 0");
            }
            partOfRank[r] = p;
            dealt[p] += c;
            least[0] += c;
            open.add(least);
        }
        // renumber: heaviest partition first (ties: the one dealt first)
        Integer[] order = IntStream.range(0, partitions).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(p -> -dealt[p]).thenComparingInt(p -> p));
        int[] renumber = new int[partitions];
        double[] load = new double[partitions];
        for (int i = 0; i < partitions; i++) {
            renumber[order[i]] = i;
            load[i] = dealt[order[i]];
        }
        for (int r = 0; r < n; r++) {
            partOfRank[r] = renumber[partOfRank[r]];
        }
        // tile id -> rank by binary search over the sorted ids: compact for a broadcast of 10^5 tiles
        Integer[] byId = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byId, Comparator.comparingLong(i -> ids[i]));
        int[] rankOfInput = new int[n];
        for (int r = 0; r < n; r++) {
            rankOfInput[byCost[r]] = r;
        }
        long[] sorted = new long[n];
        int[] rankOfSorted = new int[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = ids[byId[k]];
            rankOfSorted[k] = rankOfInput[byId[k]];
            if (k > 0 && sorted[k] == sorted[k - 1]) {
                throw new IllegalArgumentException("tile " + sorted[k] + " is listed twice");
            }
        }
        return new TileDeal(sorted, rankOfSorted, partOfRank, load);
    }

    public int partitions() {
        return load.length;
    }

    public int tiles() {
        return sortedIds.length;
    }

    /** The tile's place in falling cost order (0 = costliest); tiles of a partition run in this order. */
    public int rank(long tileId) {
        int k = Arrays.binarySearch(sortedIds, tileId);
        if (k < 0) {
            throw new IllegalArgumentException("tile " + tileId + " was not dealt");
        }
        return rankOfSorted[k];
    }

    /** The partition of the tile at this rank. */
    public int partitionOfRank(int rank) {
        return partitionOfRank[rank];
    }

    public int partition(long tileId) {
        return partitionOfRank[rank(tileId)];
    }

    /** Expected cost of each partition, heaviest first. */
    public double[] loads() {
        return load.clone();
    }
}
