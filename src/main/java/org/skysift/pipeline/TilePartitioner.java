package org.skysift.pipeline;

import java.util.Collection;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.skysift.config.SkySiftConfig;
import scala.Tuple2;

/**
 * The run's tiles into Spark partitions by expected cost ({@link TileDeal}): keyed by their rank in falling
 * cost, each rank sent to its dealt partition and the tiles of a partition sorted by rank, so every task
 * runs its costliest tile first and task 0, started first, holds the costliest tiles.
 */
final class TilePartitioner extends Partitioner {
    private final int[] partitionOfRank;
    private final int partitions;

    private TilePartitioner(TileDeal deal) {
        this.partitionOfRank = new int[deal.tiles()];
        for (int r = 0; r < partitionOfRank.length; r++) {
            partitionOfRank[r] = deal.partitionOfRank(r);
        }
        this.partitions = deal.partitions();
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object rank) {
        return partitionOfRank[(Integer) rank];
    }

    /** Each tile's id and prior cost (TileCosts.prior), as two parallel arrays. */
    record Priors(long[] ids, double[] costs) implements java.io.Serializable {
        int size() {
            return ids.length;
        }
    }

    /**
     * The priors, worked out on the executors; each partition sends its tiles as two primitive arrays, so the
     * driver holds 16 bytes a tile (10^6 tiles: 16 MB).
     */
    static Priors priors(JavaRDD<TileWork> work, SkySiftConfig config) {
        double density = config.image().source().equals("synthetic") ? config.synthetic().starDensity() : Double.NaN;
        List<Priors> parts = work.mapPartitions(it -> {
            java.util.ArrayList<TileWork> ws = new java.util.ArrayList<>();
            it.forEachRemaining(ws::add);
            long[] ids = new long[ws.size()];
            double[] c = new double[ws.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = ws.get(i).request().tile().id();
                c[i] = TileCosts.prior(ws.get(i), density);
            }
            return java.util.List.of(new Priors(ids, c)).iterator();
        }).collect();
        int n = parts.stream().mapToInt(Priors::size).sum();
        long[] ids = new long[n];
        double[] c = new double[n];
        int at = 0;
        for (Priors p : parts) {
            System.arraycopy(p.ids(), 0, ids, at, p.size());
            System.arraycopy(p.costs(), 0, c, at, p.size());
            at += p.size();
        }
        return new Priors(ids, c);
    }

    /** The tiles of work (those in priors less the skipped ones; work must hold exactly those) dealt by expected cost. */
    static Arranged arrange(JavaSparkContext jsc, JavaRDD<TileWork> work, Priors priors, Collection<Long> skipped,
                            TileCosts costs, int tilesPerPartition) {
        java.util.Set<Long> skip = new java.util.HashSet<>(skipped);
        int n = 0;
        long[] ids = new long[priors.size()];
        double[] c = new double[priors.size()];
        for (int i = 0; i < priors.size(); i++) {
            if (!skip.contains(priors.ids()[i])) {
                ids[n] = priors.ids()[i];
                c[n++] = costs.of(priors.ids()[i], priors.costs()[i]);
            }
        }
        ids = java.util.Arrays.copyOf(ids, n);
        c = java.util.Arrays.copyOf(c, n);
        int cores = jsc.defaultParallelism();
        TileDeal deal = TileDeal.of(ids, c, TileDeal.partitions(n, tilesPerPartition, cores));
        Broadcast<TileDeal> ranks = jsc.broadcast(deal);
        JavaRDD<TileWork> arranged = work.mapToPair(w -> new Tuple2<>(ranks.value().rank(w.request().tile().id()), w))
                .repartitionAndSortWithinPartitions(new TilePartitioner(deal))
                .values();
        return new Arranged(arranged, deal, costs.matched(ids), cores);
    }

    /** The arranged work, its deal, how many of its tiles had a measured cost, and the cores it was sized for. */
    record Arranged(JavaRDD<TileWork> work, TileDeal deal, long measured, int cores) {}
}
