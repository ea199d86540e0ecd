package org.skysift.report.hats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skysift.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.testing.SparkSessionExtension;

/**
 * pyarrow reads the catalog the writer makes (src/test/python/read_hats.py), through the python in
 * SKYSIFT_PYTHON (a venv with pyarrow). Skipped without one, except in CI, where it fails (Prerequisites).
 */
@ExtendWith(SparkSessionExtension.class)
class ReadHatsPythonTest {
    static final Path SCRIPT = Path.of("src/test/python/read_hats.py");

    record Result(int exit, String output) {}

    static String python() {
        String py = System.getenv("SKYSIFT_PYTHON");
        if (py == null || py.isBlank()) {
            throw Prerequisites.missing("SKYSIFT_PYTHON not set: no python with pyarrow to read the HATS catalog",
                    ".ci/python-env makes one");
        }
        return py;
    }

    static Result run(String python, Path catalog, long rows) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, SCRIPT.toString(), catalog.toString(), Long.toString(rows))
                .redirectErrorStream(true).start();
        // a guard against a hung interpreter, not a speed check
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("read_hats.py did not finish");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void pyarrowReadsTheCatalogAndRejectsABrokenOne(SparkSession spark, @TempDir Path tmp) throws Exception {
        String python = python();
        Dataset<Row> table = HatsTestTables.frame(spark);
        long rows = table.count();
        Path catalog = tmp.resolve("hats/sources");
        HatsCatalogWriter.Written w = HatsCatalogWriter.write(spark, table, "file:" + catalog,
                new HatsCatalogWriter.Spec("sources", "source", "ra", "dec", 50, "run-py"));

        Result ok = run(python, catalog, rows);
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("read_hats: OK " + rows + " rows in " + w.leaves().size() + " partitions");

        // the script can fail: a wrong expected count, then a partition missing from partition_info.csv
        Result wrongCount = run(python, catalog, rows + 1);
        assertThat(wrongCount.exit()).isNotZero();
        assertThat(wrongCount.output()).contains("hats_nrows " + rows + " != table rows " + (rows + 1));
        Path info = catalog.resolve("partition_info.csv");
        List<String> lines = Files.readAllLines(info);
        Files.write(info, lines.subList(0, lines.size() - 1));
        Result missing = run(python, catalog, rows);
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("!= partition_info.csv");
    }
}
