package org.skysift.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Assertions on Datasets: same schema, same rows regardless of order (as multisets). */
public final class DatasetAssertions {
    private DatasetAssertions() {}

    public static void assertSameSchema(Dataset<Row> actual, Dataset<Row> expected) {
        assertThat(actual.schema().treeString()).isEqualTo(expected.schema().treeString());
    }

    /** Same schema and the same rows in any order; duplicates count. */
    public static void assertSameRows(Dataset<Row> actual, Dataset<Row> expected) {
        assertSameSchema(actual, expected);
        assertThat(sortedRows(actual)).containsExactlyElementsOf(sortedRows(expected));
    }

    /** Same as assertSameRows after dropping the named columns from both. */
    public static void assertSameRowsIgnoring(Dataset<Row> actual, Dataset<Row> expected, String... columns) {
        assertSameRows(actual.drop(columns), expected.drop(columns));
    }

    static List<String> sortedRows(Dataset<Row> ds) {
        List<String> out = new ArrayList<>();
        for (Row r : ds.collectAsList()) {
            out.add(render(r));
        }
        out.sort(null);
        return out;
    }

    private static String render(Row r) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < r.length(); i++) {
            Object v = r.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            if (v instanceof scala.collection.Seq<?> s) {
                sb.append(s.mkString("[", ",", "]"));
            } else if (v instanceof Object[] a) {
                sb.append(Arrays.toString(a));
            } else {
                sb.append(v);
            }
        }
        return sb.append(']').toString();
    }
}
