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

    /** Each tile's id and prior cost (TileCosts.prior), worked out on the executors: one pair per tile to the driver. */
    static List<Tuple2<Long, Double>> priors(JavaRDD<TileWork> work, SkySiftConfig config) {
        double density = config.image().source().equals("synthetic") ? config.synthetic().starDensity() : Double.NaN;
        return work.map(w -> new Tuple2<>(w.request().tile().id(), TileCosts.prior(w, density))).collect();
    }

    /** The tiles of work (those in priors, less the skipped ones) dealt by expected cost and arranged so. */
    static Arranged arrange(JavaSparkContext jsc, JavaRDD<TileWork> work, List<Tuple2<Long, Double>> priors,
                            Collection<Long> skipped, TileCosts costs, int tilesPerPartition) {
        java.util.Set<Long> skip = new java.util.HashSet<>(skipped);
        List<Tuple2<Long, Double>> todo = priors.stream().filter(p -> !skip.contains(p._1())).toList();
        long[] ids = new long[todo.size()];
        double[] c = new double[todo.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = todo.get(i)._1();
            c[i] = costs.of(ids[i], todo.get(i)._2());
        }
        int cores = jsc.defaultParallelism();
        TileDeal deal = TileDeal.of(ids, c, TileDeal.partitions(ids.length, tilesPerPartition, cores));
        Broadcast<TileDeal> ranks = jsc.broadcast(deal);
        JavaRDD<TileWork> arranged = work.mapToPair(w -> new Tuple2<>(ranks.value().rank(w.request().tile().id()), w))
                .repartitionAndSortWithinPartitions(new TilePartitioner(deal))
                .values();
        return new Arranged(arranged, deal, costs.matched(ids), cores);
    }

    /** The arranged work, its deal, how many of its tiles had a measured cost, and the cores it was sized for. */
    record Arranged(JavaRDD<TileWork> work, TileDeal deal, long measured, int cores) {}
}
