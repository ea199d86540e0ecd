package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.skysift.acquire.TileRequest;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Hex30Tiling;

/**
 * The run's targets table and its tiles as units of work, shared by the run and the plan. Targets are
 * grouped into tiles by a Spark aggregation, so nothing per target reaches the driver (an image list,
 * read on the driver, is the exception: one entry per image).
 */
final class SurveyWork {
    private SurveyWork() {}

    /** The targets table (persisted), the tiles to process and the input rows skipped on the way. */
    record Built(Dataset<Row> targets, JavaRDD<TileWork> work, InputProblems problems) {}

    static Built build(SparkSession spark, SkySiftConfig config) {
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // with epochs the targets make the tiles; an image.list then lists frames (pipeline.EpochFrames)
        if (config.image().list() != null && !config.image().list().isBlank() && !config.epochs().configured()) {
            InputProblems problems = new InputProblems();
            List<ImageList.Entry> entries = ImageList.read(config.image().list(), config.tiling().tileArcmin(),
                    config.targets().healpixOrder(), hconf, problems);
            RecordSchema ts = RecordSchema.of(TargetRow.class);
            List<Row> rows = new ArrayList<>();
            List<TileWork> works = new ArrayList<>();
            for (ImageList.Entry e : entries) {
                rows.add(ts.toRow(e.target()));
                works.add(e.work());
            }
            return new Built(spark.createDataFrame(rows, ts.schema()), jsc.parallelize(works, Math.max(1, works.size())),
                    problems);
        }
        TargetReader.Targets t = TargetReader.read(spark, config);
        Dataset<Row> targets = t.rows().persist(StorageLevel.MEMORY_AND_DISK());
        return new Built(targets, tiles(targets, config), t.problems());
    }

    /**
     * The work of a run whose targets table an earlier step wrote (run --from acquire/process): read back, not
     * generated again. An image list is read again (its rows carry each image's file, which the table does not).
     */
    static Built fromTable(SparkSession spark, SkySiftConfig config, String runDir) {
        if (config.image().list() != null && !config.image().list().isBlank() && !config.epochs().configured()) {
            return build(spark, config);
        }
        Dataset<Row> targets = SurveyJob.Tables.read(spark, runDir, "targets").persist(StorageLevel.MEMORY_AND_DISK());
        return new Built(targets, tiles(targets, config), new InputProblems());
    }

    /** The targets grouped by tile on the executors: one unit of work per tile. */
    private static JavaRDD<TileWork> tiles(Dataset<Row> targets, SkySiftConfig config) {
        Hex30Tiling tiling = new Hex30Tiling(config.tiling().tileArcmin());
        // runs with light curves carry every target to its tile (each is measured in every epoch)
        boolean allTargets = config.epochs().configured() && config.lightcurves().enabled();
        return targets.groupBy("tile_id").agg(functions.count("*"), NamedTarget.collect(allTargets))
                .javaRDD()
                .map(r -> new TileWork(new TileRequest(tiling.tile(r.getLong(0)), null), r.getLong(1),
                        NamedTarget.fromRows(r.getList(2))));
    }
}
