package org.skysift.report.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.report.RunOutputs;
import org.skysift.testing.SparkSessionExtension;

/** The run-level entry: both tables of a run folder become catalogs under hats/, hp3 folders and all. */
@ExtendWith(SparkSessionExtension.class)
class HatsCatalogsTest {
    private static Properties properties(Path catalog) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(catalog.resolve("hats.properties"))));
        return p;
    }

    @Test
    void writesSourcesAndCandidatesOfARunFolder(SparkSession spark, @TempDir Path run) throws IOException {
        String runDir = "file:" + run;
        Dataset<Row> sources = HatsTestTables.frame(spark);
        // as SurveyJob writes it: folders hp3=<pixel>, which come back as a column on reading
        sources.write().partitionBy("hp3").parquet(runDir + "/sources");
        sources.drop("hp3").limit(0).write().parquet(runDir + "/candidates");

        HatsCatalogs.write(new RunOutputs.Context(spark, runDir, "run-x", SkySiftConfig.defaults(),
                ConfigLoader.json().createObjectNode()));

        Properties s = properties(run.resolve("hats/sources"));
        assertThat(s.getProperty("dataproduct_type")).isEqualTo("source");
        assertThat(s.getProperty("hats_nrows")).isEqualTo(Long.toString(sources.count()));
        assertThat(s.getProperty("hats_max_rows")).isEqualTo(Long.toString(SkySiftConfig.defaults().report().hatsMaxRows()));
        assertThat(s.getProperty("skysift_run_id")).isEqualTo("run-x");
        // 1,136 rows never exceed the default limit: one leaf per base pixel that has rows
        assertThat(Files.readAllLines(run.resolve("hats/sources/partition_info.csv")))
                .allSatisfy(l -> assertThat(l).matches("Norder,Npix|0,\\d+")).hasSize(13);
        Properties c = properties(run.resolve("hats/candidates"));
        assertThat(c.getProperty("dataproduct_type")).isEqualTo("object");
        assertThat(c.getProperty("hats_nrows")).isEqualTo("0");
        assertThat(Files.readString(run.resolve("hats/candidates/partition_info.csv"))).isEqualTo("Norder,Npix\n");
        try (var files = Files.list(run.resolve("hats"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("sources", "candidates");
        }
    }
}
