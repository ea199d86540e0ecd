package org.skysift.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkSessionExtension.class)
class DatasetAssertionsTest {
    private static final StructType SCHEMA = new StructType().add("id", "long").add("v", "double");

    private static Dataset<Row> ds(SparkSession spark, Object[]... rows) {
        return spark.createDataFrame(List.of(rows).stream().map(RowFactory::create).toList(), SCHEMA);
    }

    @Test
    void orderDoesNotMatterButContentSchemaAndMultiplicityDo(SparkSession spark) {
        var a = ds(spark, new Object[] {1L, 1.0}, new Object[] {2L, 2.0});
        DatasetAssertions.assertSameRows(ds(spark, new Object[] {2L, 2.0}, new Object[] {1L, 1.0}), a);
        assertThatThrownBy(() -> DatasetAssertions.assertSameRows(ds(spark, new Object[] {1L, 1.0}, new Object[] {2L, 2.5}), a))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> DatasetAssertions.assertSameRows(
                ds(spark, new Object[] {1L, 1.0}, new Object[] {1L, 1.0}, new Object[] {2L, 2.0}), a))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> DatasetAssertions.assertSameRows(a.withColumnRenamed("v", "w"), a))
                .isInstanceOf(AssertionError.class);
        DatasetAssertions.assertSameRowsIgnoring(ds(spark, new Object[] {1L, 9.0}, new Object[] {2L, 8.0}), a, "v");
    }
}
