package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.skysift.testing.SparkSessionExtension;

/** The one-job table comparison counts what exceptAll both ways and count() count: duplicates, nulls, NaN. */
@ExtendWith(SparkSessionExtension.class)
class RunTablesTest {
    static final StructType SCHEMA = new StructType()
            .add("tile_id", DataTypes.LongType).add("flux", DataTypes.DoubleType).add("flag", DataTypes.StringType)
            .add("xy", DataTypes.createArrayType(DataTypes.DoubleType));

    static Dataset<Row> rows(SparkSession spark, Object[]... rows) {
        return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), SCHEMA);
    }

    @Test
    void diffCountsWhatExceptAllLeavesOnEitherSide(SparkSession spark) {
        Object[] r1 = {1L, 2.5, "a", List.of(1.0, 2.0)};
        Object[] r2 = {2L, null, null, null};
        Object[] r3 = {3L, Double.NaN, "c", List.of()};
        Object[] r4 = {4L, 1.0, "d", List.of(3.0)};
        // actual: r1 twice (one too many), r2, r3; expected: r1, r2, r3, r4 (one missing from actual)
        Dataset<Row> actual = rows(spark, r1, r1, r2, r3);
        Dataset<Row> expected = rows(spark, r1, r2, r3, r4);

        RunTables.Diff d = RunTables.diff(actual, expected);
        assertThat(d).isEqualTo(new RunTables.Diff(4, 4, 1, 1));
        assertThat(d.onlyInActual()).isEqualTo(actual.exceptAll(expected).count());
        assertThat(d.onlyInExpected()).isEqualTo(expected.exceptAll(actual).count());

        // equal tables (nulls and NaN compare equal, as in exceptAll), and empty ones
        assertThat(RunTables.diff(rows(spark, r3, r2, r1), rows(spark, r1, r2, r3))).isEqualTo(new RunTables.Diff(3, 3, 0, 0));
        assertThat(RunTables.diff(rows(spark), rows(spark))).isEqualTo(new RunTables.Diff(0, 0, 0, 0));
        assertThat(RunTables.diff(rows(spark, r4), rows(spark))).isEqualTo(new RunTables.Diff(1, 0, 1, 0));
    }
}
