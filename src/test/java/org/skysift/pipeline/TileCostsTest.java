package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.testing.SparkSessionExtension;

/** Measured costs: each tile's own busy time, the first wave's JIT warm-up taken off, the median for new tiles. */
@ExtendWith(SparkSessionExtension.class)
class TileCostsTest {
    private static final long T0 = 1_796_000_000_000L;

    private static Row tile(long id, double startS, double busyS, String status) {
        return RowFactory.create(id, new Timestamp(T0 + Math.round(startS * 1000)),
                new Timestamp(T0 + Math.round((startS + busyS) * 1000)), status);
    }

    @Test
    void theFirstWaveLosesTheWarmUpButAHeavyTileStaysHeavy(SparkSession spark, @TempDir Path dir) {
        // two cores: tiles 1, 2 and 13 start cold at t=0 (13 is a crowded field); then warm tiles of 0.5 s, one
        // of them (11) ten times that, and a failed tile (12) that cost its time
        List<Row> rows = new ArrayList<>(List.of(tile(1, 0, 3.0, "ok"), tile(2, 0, 3.5, "ok"), tile(13, 0, 8.0, "ok")));
        double t = 3.0;
        for (long id = 3; id <= 10; id++, t += 0.5) {
            rows.add(tile(id, t, 0.5, "ok"));
        }
        rows.add(tile(11, t, 5.0, "ok"));
        rows.add(tile(12, t, 1.25, "failed"));
        StructType schema = new StructType().add("tile_id", DataTypes.LongType).add("started_at", DataTypes.TimestampType)
                .add("finished_at", DataTypes.TimestampType).add("status", DataTypes.StringType);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(dir.resolve("tiles").toString());

        TileCosts c = TileCosts.measured(spark, "file:" + dir);
        // warm-up: median of the cold ok tiles (3.0, 3.5, 8.0 -> 3.5) less that of the warm ones (0.5 x 8, 5.0 -> 0.5)
        assertThat(c.of(1, 99)).isCloseTo(0.5, within(1e-9)); // 3.0 - 3.0 is below a warm tile: a warm tile's
        assertThat(c.of(2, 99)).isCloseTo(0.5, within(1e-9)); // 3.5 - 3.0 = 0.5
        assertThat(c.of(13, 99)).isCloseTo(5.0, within(1e-9)); // 8.0 - 3.0: still ten warm tiles
        assertThat(c.of(11, 99)).isCloseTo(5.0, within(1e-9)); // warm: as measured
        assertThat(c.of(12, 99)).isCloseTo(1.25, within(1e-9)); // failed, warm: its time
        assertThat(c.of(7, 99)).isCloseTo(0.5, within(1e-9));
        // a tile the run did not have: the median of the ok tiles after the correction (0.5 x 10, 5.0 x 2)
        assertThat(c.of(999, 99)).isCloseTo(0.5, within(1e-9));
        assertThat(c.describe()).contains("median of 12 ok tiles 0.50 s").contains("its 3 first tiles less 3.00 s of JIT warm-up");
    }

    @Test
    void aRunOfOneWaveHasNoWarmUpToTakeOff(SparkSession spark, @TempDir Path dir) {
        List<Row> rows = List.of(tile(1, 0, 3.0, "ok"), tile(2, 0, 2.0, "ok"));
        StructType schema = new StructType().add("tile_id", DataTypes.LongType).add("started_at", DataTypes.TimestampType)
                .add("finished_at", DataTypes.TimestampType).add("status", DataTypes.StringType);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(dir.resolve("tiles").toString());
        TileCosts c = TileCosts.measured(spark, "file:" + dir);
        assertThat(c.of(1, 99)).isCloseTo(3.0, within(1e-9));
        assertThat(c.of(2, 99)).isCloseTo(2.0, within(1e-9));
        assertThat(c.describe()).contains("less 0.00 s of JIT warm-up");
    }
}
