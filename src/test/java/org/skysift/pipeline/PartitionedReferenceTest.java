package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.catalog.PartitionedParquetCatalog;
import org.skysift.catalog.RefStar;
import org.skysift.sky.Angles;
import org.skysift.sky.Healpix;
import org.skysift.testing.SparkSessionExtension;

/** A reference written by Spark partitioned by HEALPix order 3 is read with partition pruning. */
@ExtendWith(SparkSessionExtension.class)
class PartitionedReferenceTest {
    @Test
    void conesReadOnlyThePartitionsTheyTouchAndLoseNothing(SparkSession spark, @TempDir Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        List<Row> rows = new ArrayList<>();
        List<RefStar> all = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            double ra = rng.nextDouble() * 360, dec = Math.toDegrees(Math.asin(2 * rng.nextDouble() - 1));
            rows.add(RowFactory.create("s" + i, ra, dec, 15.0, Healpix.angToNest(3, ra, dec)));
            all.add(new RefStar("s" + i, ra, dec, 15.0));
        }
        String uri = dir.resolve("ref").toUri().toString();
        spark.createDataFrame(rows, new StructType().add("id", "string").add("ra", "double").add("dec", "double")
                .add("mag", "double").add("hp3", "long")).write().partitionBy("hp3").parquet(uri);

        PartitionedParquetCatalog cat = PartitionedParquetCatalog.openIfPartitioned(uri, spark.sparkContext().hadoopConfiguration());
        assertThat(cat).isNotNull();
        assertThat(cat.order()).isEqualTo(3);
        assertThat(cat.partitionCount()).isEqualTo(768);
        double[][] cones = {{0.2, 0.1, 3.0}, {359.8, -41.5, 4.0}, {10, 89.5, 5.0}, {200, -89, 2.0}};
        for (double[] c : cones) {
            var got = cat.cone(c[0], c[1], c[2]).stream().map(RefStar::id).collect(Collectors.toSet());
            var want = all.stream().filter(s -> Angles.separationDeg(c[0], c[1], s.ra(), s.dec()) <= c[2])
                    .map(RefStar::id).collect(Collectors.toSet());
            assertThat(want).isNotEmpty();
            assertThat(got).isEqualTo(want);
        }
        // four small cones touched a few dozen of the 768 partitions
        assertThat(cat.partitionsRead()).isBetween(4, 80);
    }
}
