package org.skysift.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.Csv;
import org.skysift.pipeline.CandidateRow;
import org.skysift.pipeline.SurveyJob;
import org.skysift.testing.HeadlessChromium;
import org.skysift.testing.SparkSessionExtension;

/** summary.csv, dashboard/anomalies_minimal.csv and report.html on the outputs of a real small run. */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportOutputsRunTest {
    @TempDir
    static Path out;
    SkySiftConfig config;
    SurveyJob.Result run;
    Path dir;

    @BeforeAll
    void runJob(SparkSession spark) {
        config = ConfigLoader.fromYamlString(String.join("\n",
                "run_id: report-run",
                "output: " + out.toUri(),
                "targets: {kind: fibonacci, count: 5, seed: 3}",
                "tiling: {tile_arcmin: 30}",
                "synthetic: {vanished_density: 40}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}"));
        run = SurveyJob.run(spark, config);
        dir = out.resolve("report-run");
    }

    private Dataset<Row> table(SparkSession spark, String name) {
        return SurveyJob.Tables.read(spark, run.runDir(), name);
    }

    /** The report reads each table with the schema from its first file's footer: it must be what Spark infers. */
    @Test
    void tablesReadWithTheFooterSchemaMatchWhatSparkInfers(SparkSession spark) {
        RunTables tables = new RunTables(spark, run.runDir());
        for (String name : SurveyJob.Tables.names(config)) {
            // same schema, so the same values: Spark reads the files' columns by name either way
            assertThat(tables.get(name).schema()).as(name).isEqualTo(table(spark, name).schema());
        }
        // the sources are partitioned by hp3, which is no column of the files: Spark adds it from the folders
        assertThat(tables.get("sources").columns()).contains("hp3");
        assertThat(RunTables.footerSchema(spark.sparkContext().hadoopConfiguration(), run.runDir() + "/no-such-table")).isNull();
    }

    private static String value(List<String> header, List<String> row, String key) {
        int i = header.indexOf(key);
        assertThat(i).as(key).isNotNegative();
        return row.get(i);
    }

    @Test
    void summaryCsvIsTheSummaryFlattenedToOneRow(SparkSession spark) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(lines).hasSize(2);
        List<String> header = Csv.split(lines.get(0));
        List<String> row = Csv.split(lines.get(1));
        assertThat(row).hasSameSizeAs(header);
        assertThat(header).doesNotHaveDuplicates().startsWith("run_id", "run_dir")
                .contains("tiles.total", "tiles.ok", "tiles.failed", "counts.sources", "injection.recall", "medians.fwhm_px",
                        "validators.within5.ok", "funnel.edge", "stage_ms.psf.total", "tiles.failed_by_stage.acquire")
                .noneMatch(h -> h.startsWith("tiles.first_failures") || h.startsWith("input_problems.first"));
        JsonNode s = ConfigLoader.json().readTree(dir.resolve("summary.json").toFile());
        assertThat(value(header, row, "run_id")).isEqualTo("report-run");
        assertThat(Long.parseLong(value(header, row, "tiles.total"))).isEqualTo(table(spark, "tiles").count());
        assertThat(Long.parseLong(value(header, row, "counts.sources"))).isEqualTo(table(spark, "sources").count());
        assertThat(Long.parseLong(value(header, row, "counts.candidates"))).isEqualTo(table(spark, "candidates").count());
        assertThat(Double.parseDouble(value(header, row, "injection.recall")))
                .isEqualTo(s.path("injection").path("recall").asDouble());
        assertThat(value(header, row, "tiles.failed_by_stage.acquire")).isEqualTo("0");
        assertThat(value(header, row, "validators.within5.ok")).isEqualTo("true");
    }

    @Test
    void everyRunHasTheSameSummaryHeaderSoFilesConcatenate() {
        ObjectNode real = run.summary().json().deepCopy();
        real.put("run_id", "other, \"quoted\" run");
        real.putNull("injection");
        ((ObjectNode) real.get("tiles")).putObject("failed_by_stage").put("validate", 3);
        String[] a = DashboardFiles.summaryCsv(run.summary().json()).split("\n");
        String[] b = DashboardFiles.summaryCsv(real).split("\n");
        assertThat(b[0]).isEqualTo(a[0]);
        List<String> header = Csv.split(b[0]);
        List<String> row = Csv.split(b[1]);
        assertThat(row).hasSameSizeAs(header);
        assertThat(b[1]).startsWith("\"other, \"\"quoted\"\" run\",");
        assertThat(value(header, row, "run_id")).isEqualTo("other, \"quoted\" run");
        assertThat(value(header, row, "tiles.failed_by_stage.validate")).isEqualTo("3");
        assertThat(value(header, row, "injection.recall")).isEmpty();
    }

    @Test
    void anomaliesHaveOneRowPerCandidateInTheDocumentedColumns(SparkSession spark) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("dashboard/anomalies_minimal.csv"));
        assertThat(lines.get(0)).isEqualTo("run_id,tile_id,source_id,ra,dec,mag,snr,fwhm,reason,cutout");
        List<Row> cands = table(spark, "candidates").orderBy("tile_id", "source_id").collectAsList();
        assertThat(cands).isNotEmpty();
        assertThat(lines).hasSize(cands.size() + 1);
        for (int i = 0; i < cands.size(); i++) {
            Row c = cands.get(i);
            List<String> f = Csv.split(lines.get(i + 1));
            assertThat(f).hasSize(10);
            assertThat(f.get(0)).isEqualTo("report-run");
            assertThat(Long.parseLong(f.get(1))).isEqualTo(c.<Long>getAs("tile_id"));
            assertThat(Integer.parseInt(f.get(2))).isEqualTo(c.<Integer>getAs("source_id"));
            assertThat(f.get(3)).matches("\\d+\\.\\d{6}");
            assertThat(Double.parseDouble(f.get(3))).isCloseTo(c.<Double>getAs("ra"), within(5e-7));
            assertThat(f.get(4)).matches("-?\\d+\\.\\d{6}");
            assertThat(Double.parseDouble(f.get(4))).isCloseTo(c.<Double>getAs("dec"), within(5e-7));
            assertThat(Double.parseDouble(f.get(6))).isCloseTo(c.<Double>getAs("snr"), within(0.005));
            assertThat(f.get(8)).isEqualTo(c.<String>getAs("reason"));
            assertThat(f.get(9)).isEqualTo(c.isNullAt(c.fieldIndex("cutout")) ? "" : c.<String>getAs("cutout"));
        }
    }

    @Test
    void anomaliesQuoteTextAndKeepEmptyCellsForNulls(SparkSession spark, @TempDir Path other) throws Exception {
        String runDir = other.toUri().toString().replaceAll("/$", "");
        var schema = org.skysift.pipeline.RecordSchema.of(CandidateRow.class);
        String awkward = "odd, \"quoted\"\nover two lines";
        List<Row> rows = List.of(
                schema.toRow(new CandidateRow(7, 2, 359.9999994, -0.5, null, 12.3456, 3.0, awkward, 0.1, null, "", "cutouts/7/2.png", null)),
                schema.toRow(new CandidateRow(7, 1, 0.1234564, 89.9999996, 17.25, 6.0, 2.5, "no_counterpart", 0.05, 3.0, "", null, true)));
        spark.createDataFrame(rows, schema.schema()).write().parquet(runDir + "/candidates");
        DashboardFiles.write(new RunOutputs.Context(spark, runDir, "run, one", config, run.summary().json()));
        List<Row> back = spark.read().option("header", true).option("multiLine", true).option("escape", "\"")
                .csv(runDir + "/dashboard/anomalies_minimal.csv").collectAsList();
        assertThat(back).hasSize(2);
        // ordered by tile then source; fixed decimals; an empty mag for a null one
        assertThat(back.get(0).mkString("|")).isEqualTo("run, one|7|1|0.123456|90.000000|17.250|6.00|2.500|no_counterpart|null");
        assertThat(back.get(1).mkString("|")).isEqualTo("run, one|7|2|359.999999|-0.500000|null|12.35|3.000|" + awkward + "|cutouts/7/2.png");
        String text = Files.readString(other.resolve("dashboard/anomalies_minimal.csv"));
        assertThat(text).contains("\"run, one\",7,2,359.999999,-0.500000,,12.35,3.000,\"odd, \"\"quoted\"\"\nover two lines\",cutouts/7/2.png\n");
    }

    @Test
    void theReportPageOfARealRunLoadsCleanInChromium(SparkSession spark) throws Exception {
        Path page = dir.resolve("report.html");
        assertThat(page).isRegularFile();
        try (HeadlessChromium chromium = HeadlessChromium.launchOrSkip()) {
            HeadlessChromium.Page tab = chromium.newPage(1400, 1000);
            tab.navigate(page.toUri().toString());
            checkPage(spark, tab);
            // the run's own plots, in plots.json's order, and every image of the page (plots and the first
            // page's candidate stamps) decodes to a non-empty picture
            List<String> titles = new ArrayList<>();
            ConfigLoader.json().readTree(dir.resolve("plots/plots.json").toFile())
                    .forEach(f -> titles.add(f.get("title").asText()));
            assertThat(titles).hasSizeGreaterThanOrEqualTo(8);
            assertThat(tab.eval("[...document.querySelectorAll('#figures figcaption strong')].map(e => e.textContent).join('|')").asText())
                    .isEqualTo(String.join("|", titles));
            JsonNode all = tab.eval("Promise.all([...document.images].map(i => { i.loading = 'eager';"
                    + " return i.decode().then(() => i.naturalWidth, () => 0); }))");
            long stamps = Math.min(50, table(spark, "candidates").filter("cutout is not null").count());
            assertThat(all.size()).isEqualTo(titles.size() + (int) stamps);
            all.forEach(w -> assertThat(w.asInt()).isPositive());
            tab.screenshot(Path.of("target", "report-screenshots", "real-run.png"), null);
            assertThat(tab.problems()).isEmpty();
            assertThat(tab.requestedUrls()).allSatisfy(u -> assertThat(u).matches("^(file|data|about):.*"));
        }
    }

    /** The page's tables hold the run's rows, and its headline figures are the summary's. */
    private void checkPage(SparkSession spark, HeadlessChromium.Page tab) throws Exception {
        assertThat(tab.problems()).isEmpty();
        assertThat(tab.eval("document.getElementById('run-id').textContent").asText()).isEqualTo("report-run");
        assertThat(tab.eval("skysiftTables['tiles-table'].rows.length").asLong()).isEqualTo(table(spark, "tiles").count());
        long nCand = table(spark, "candidates").count();
        assertThat(tab.eval("skysiftTables['candidates-table'].rows.length").asLong()).isEqualTo(nCand);
        List<String> cards = new ArrayList<>();
        tab.eval("[...document.querySelectorAll('.card .value')].map(e => e.textContent)").forEach(n -> cards.add(n.asText()));
        assertThat(cards).contains(String.format(Locale.ROOT, "%,d", nCand),
                String.format(Locale.ROOT, "%,d", table(spark, "sources").count()),
                String.format(Locale.ROOT, "%.1f%%", 100 * run.summary().recall()));
        // columns with nothing to show (no stamps made, no tile failed) are left out
        boolean anyCutout = table(spark, "candidates").filter("cutout is not null").count() > 0;
        assertThat(tab.eval("!!document.querySelector('#candidates-table th[data-key=cutout]')").asBoolean()).isEqualTo(anyCutout);
        assertThat(tab.eval("!!document.querySelector('#tiles-table th[data-key=error]')").asBoolean())
                .isEqualTo(run.summary().tilesFailed() > 0);
        long tileRowsShown = Math.min(50, table(spark, "tiles").count());
        assertThat(tab.eval("document.querySelectorAll('#tiles-table tbody tr[id^=tile-]').length").asLong()).isEqualTo(tileRowsShown);
    }
}
