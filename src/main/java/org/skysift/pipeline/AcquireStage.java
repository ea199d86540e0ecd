package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.skysift.acquire.AcquireOutcome;
import org.skysift.acquire.HttpImageSource;
import org.skysift.config.SkySiftConfig;

/**
 * The network stages: every tile image missing from the cache is fetched before any CPU work. The
 * tiles go into image.max_concurrent partitions and each partition fetches one tile at a time, so
 * the whole job never has more than that many requests in flight (services are tried in order, so
 * this also bounds each service). Speculative execution must stay off for this stage, as it is by
 * default.
 */
final class AcquireStage {
    private AcquireStage() {}

    static Map<Long, AcquireOutcome> run(JavaRDD<TileWork> work, SkySiftConfig config, HadoopConf hadoop) {
        int lanes = config.image().maxConcurrent();
        List<AcquireOutcome> outcomes = work.keyBy(w -> w.request().tile().id())
                .partitionBy(new HashPartitioner(lanes))
                .values()
                .mapPartitions(tiles -> {
                    HttpImageSource source = Stages.httpSource(config, hadoop.get());
                    List<AcquireOutcome> out = new ArrayList<>();
                    while (tiles.hasNext()) {
                        out.add(source.prefetch(tiles.next().request()));
                    }
                    return out.iterator();
                })
                .collect();
        Map<Long, AcquireOutcome> byTile = new HashMap<>();
        for (AcquireOutcome o : outcomes) {
            byTile.put(o.tileId(), o);
        }
        return byTile;
    }

    /**
     * The same discipline for catalogue services: each tile's reference cone is fetched into the cone
     * cache by image.max_concurrent partitions, one request at a time, before the processing stage
     * reads it from the cache. A cone that fails here is simply asked again, and recorded, by its tile.
     */
    static void prefetchReference(JavaRDD<TileWork> work, SkySiftConfig config, HadoopConf hadoop) {
        work.keyBy(w -> w.request().tile().id())
                .partitionBy(new HashPartitioner(config.image().maxConcurrent()))
                .values()
                .foreachPartition(tiles -> {
                    var catalog = Stages.reference(config, hadoop.get());
                    while (tiles.hasNext()) {
                        TileWork w = tiles.next();
                        try {
                            catalog.cone(w.request().tile().ra(), w.request().tile().dec(), ReferenceJoin.radiusDeg(w, config));
                        } catch (java.io.IOException | RuntimeException e) {
                            // the tile's own reference stage asks again and records the failure
                        }
                    }
                });
    }
}
