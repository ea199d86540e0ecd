package org.skysift.report.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.CandidateRow;
import org.skysift.pipeline.EpochInjectionRow;
import org.skysift.pipeline.InjectionRow;
import org.skysift.pipeline.InputProblems;
import org.skysift.pipeline.LightcurveRow;
import org.skysift.pipeline.MatchRow;
import org.skysift.pipeline.RecordSchema;
import org.skysift.pipeline.RejectedRow;
import org.skysift.pipeline.SourceRow;
import org.skysift.pipeline.TargetRow;
import org.skysift.pipeline.TileRow;
import org.skysift.pipeline.TransientCutouts;
import org.skysift.pipeline.TransientRow;
import org.skysift.pipeline.VariabilityRow;
import org.skysift.report.RunOutputs;
import org.skysift.report.RunReport;
import org.skysift.report.cutout.Triplet;
import org.skysift.report.html.HtmlReport;
import org.skysift.testing.SparkSessionExtension;

/**
 * Summary, plot and report.html of a run with epochs, on small tables written here with known figures
 * (no survey run: the tables are the input). One run of the summary and report for the whole class.
 */
@ExtendWith(SparkSessionExtension.class)
class EpochReportRunTest {
    static final long T1 = 12000004L, T2 = 12000005L;

    static TransientRow found(long tile, int id, String kind, double snr, Boolean injected, String cutout) {
        return new TransientRow(tile, id, "poss2", "poss1", kind, 10 + id * 0.01, 20, 30 + 5 * id, 40, snr, 500, 40,
                100.0, 20.0, 600.0, 30.0, 1992.7, 1953.2, kind.equals("vanished") ? 17 : null, injected, cutout, null);
    }

    static EpochInjectionRow injection(String kind, Double snr, double ref, double fresh, String found, Double diff) {
        return new EpochInjectionRow(T1, "poss2", kind, 10, 20, ref, fresh, snr, found != null, found, found == null ? null : 1,
                diff);
    }

    static VariabilityRow variability(String id, double ratio, boolean variable, boolean injected) {
        return new VariabilityRow(T1, id, "source", 1, null, 10, 20, 2, 100.0, 100 * ratio, ratio, 0.02, 3.0, 1, 1.7,
                variable, injected);
    }

    static LightcurveRow point(String id, String epoch, int flags) {
        return new LightcurveRow(T1, id, "source", 1, null, 10, 20, epoch, 1953.2, "1953-03-14", 100.0, 3.0, flags);
    }

    /** A table from records, or empty with the records' schema. */
    static <T extends Record> void write(SparkSession spark, String runDir, String name, Class<T> type, List<T> rows) {
        RecordSchema schema = RecordSchema.of(type);
        List<Row> out = new ArrayList<>();
        rows.forEach(r -> out.add(schema.toRow(r)));
        spark.createDataFrame(out, schema.schema()).coalesce(1).write().parquet(runDir + "/" + name);
    }

    /**
     * Tiles with the epoch columns: TileRow's schema (plus n_epochs, n_transients, scorr_std and
     * epoch_problems while TileRow lacks them), the given values by column, null or zero elsewhere.
     */
    static void writeTiles(SparkSession spark, String runDir, List<Map<String, Object>> tiles) {
        StructType schema = RecordSchema.of(TileRow.class).schema();
        Map<String, DataType> epochColumns = Map.of("n_epochs", DataTypes.IntegerType, "n_transients",
                DataTypes.IntegerType, "scorr_std", DataTypes.DoubleType, "epoch_problems", DataTypes.StringType);
        for (String c : List.of("n_epochs", "n_transients", "scorr_std", "epoch_problems")) {
            if (!List.of(schema.fieldNames()).contains(c)) {
                schema = schema.add(c, epochColumns.get(c), true);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> t : tiles) {
            Object[] v = new Object[schema.size()];
            for (int i = 0; i < v.length; i++) {
                StructField f = schema.fields()[i];
                v[i] = t.containsKey(f.name()) ? t.get(f.name()) : f.nullable() ? null : zero(f.dataType());
            }
            rows.add(RowFactory.create(v));
        }
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(runDir + "/tiles");
    }

    private static Object zero(DataType t) {
        if (t.equals(DataTypes.LongType)) {
            return 0L;
        }
        if (t.equals(DataTypes.IntegerType)) {
            return 0;
        }
        if (t.equals(DataTypes.DoubleType)) {
            return 0.0;
        }
        if (t.equals(DataTypes.BooleanType)) {
            return false;
        }
        return t.equals(DataTypes.StringType) ? "" : null;
    }

    static Triplet planes() {
        int w = 100, h = 80;
        float[] ref = new float[w * h], fresh = new float[w * h], d = new float[w * h];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < ref.length; i++) {
            ref[i] = (float) (5 * rnd.nextGaussian());
            fresh[i] = (float) (5 * rnd.nextGaussian());
            d[i] = (float) rnd.nextGaussian();
        }
        return new Triplet(ref, fresh, d, null, w, h, 1.0);
    }

    @Test
    void summaryPlotAndPageCarryTheEpochFigures(SparkSession spark, @TempDir Path dir) throws Exception {
        String runDir = dir.toUri().toString().replaceAll("/$", "");
        SkySiftConfig config = ConfigLoader.fromYamlString("run_id: epochs\noutput: " + dir.getParent().toUri());
        for (var t : List.of(Map.<String, Class<? extends Record>>entry("targets", TargetRow.class),
                Map.entry("sources", SourceRow.class), Map.entry("matches", MatchRow.class),
                Map.entry("candidates", CandidateRow.class), Map.entry("rejected", RejectedRow.class),
                Map.entry("injections", InjectionRow.class))) {
            write(spark, runDir, t.getKey(), (Class) t.getValue(), List.of());
        }
        writeTiles(spark, runDir, List.of(
                Map.of("tile_id", T1, "status", "ok", "n_epochs", 2, "n_transients", 3, "scorr_std", 1.02),
                Map.of("tile_id", T2, "status", "ok", "n_epochs", 2, "n_transients", 2, "scorr_std", 0.96),
                Map.of("tile_id", 12000006L, "status", "failed", "error_stage", "acquire", "error_class", "java.io.IOException", "error_message", "no image")));
        List<TransientRow> transients = List.of(found(T1, 1, "appeared", 25, true, null),
                found(T1, 2, "vanished", 12, true, null), found(T1, 3, "faded", 7, false, null),
                found(T2, 1, "brightened", 30, true, null), found(T2, 2, "appeared", 6, false, null));
        // real triplets, written as the executors write them
        List<String> paths = TransientCutouts.write(config.report(), spark.sparkContext().hadoopConfiguration(), runDir,
                planes(), transients);
        List<TransientRow> withCutouts = new ArrayList<>();
        for (int i = 0; i < transients.size(); i++) {
            TransientRow t = transients.get(i);
            withCutouts.add(found(t.tileId(), t.transientId(), t.kind(), t.snr(), t.injected(), paths.get(i)));
        }
        write(spark, runDir, "transients", TransientRow.class, withCutouts);
        write(spark, runDir, "epoch_injections", EpochInjectionRow.class, List.of(
                injection("appeared", 4.0, 0, 1000, null, null),
                injection("appeared", 8.0, 0, 1000, "appeared", 950.0),
                injection("appeared", 25.0, 0, 2000, "appeared", 2000.0),
                injection("vanished", 15.0, 1000, 0, "vanished", -1020.0),
                injection("vanished", 3.5, 1000, 0, null, null),
                injection("brightened", 30.0, 1000, 3000, "brightened", 1960.0),
                injection("brightened", 12.0, 500, 1500, "appeared", 1100.0),
                injection("faded", 6.0, 2000, 1000, null, null),
                injection("faded", 22.0, 2000, 1000, "faded", -970.0),
                injection("faded", null, 2000, 1000, null, null)));
        write(spark, runDir, "lightcurves", LightcurveRow.class, List.of(point("s1", "poss1", 0), point("s1", "poss2", 0),
                point("s2", "poss1", 0), point("s2", "poss2", 1), point("s3", "poss1", 0), point("s3", "poss2", 0)));
        write(spark, runDir, "variability", VariabilityRow.class, List.of(variability("s1", 1.8, true, true),
                variability("s2", 1.01, false, false), variability("s3", 1.03, false, false)));

        RunReport.Summary summary = RunReport.write(spark, runDir, "epochs", config, new InputProblems(),
                Instant.now(), ConfigLoader.json().createObjectNode());
        JsonNode e = summary.json().path("epochs");
        assertThat(e.path("tiles").asLong()).isEqualTo(2);
        assertThat(e.path("rows").toString()).isEqualTo(
                "{\"transients\":5,\"epoch_injections\":10,\"lightcurves\":6,\"variability\":3}");
        assertThat(e.path("transients").path("by_kind").toString())
                .isEqualTo("{\"appeared\":2,\"vanished\":1,\"brightened\":1,\"faded\":1}");
        assertThat(e.path("transients").path("precision").asDouble()).isEqualTo(0.6);
        assertThat(e.path("transients").path("precision_by_kind").path("appeared").asDouble()).isEqualTo(0.5);
        assertThat(e.path("scorr_std").path("median").asDouble()).isCloseTo(0.99, within(1e-12));
        assertThat(e.path("scorr_std").path("min").asDouble()).isEqualTo(0.96);
        assertThat(e.path("scorr_std").path("max").asDouble()).isEqualTo(1.02);
        JsonNode inj = e.path("injection");
        assertThat(inj.path("injected").asLong()).isEqualTo(10);
        assertThat(inj.path("recovered").asLong()).isEqualTo(6);
        assertThat(inj.path("recall").asDouble()).isEqualTo(0.6);
        assertThat(inj.path("right_kind").asLong()).isEqualTo(5);
        // measured over injected change: .95 .97 .98 1.0 1.02 1.1 -> between the middle two
        assertThat(inj.path("flux_diff_ratio_median").asDouble()).isCloseTo(0.99, within(1e-12));
        assertThat(inj.path("by_kind").path("appeared").path("recall").asDouble()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(inj.path("by_kind").path("brightened").path("right_kind").asLong()).isEqualTo(1);
        assertThat(inj.path("by_kind").path("faded").path("injected").asLong()).isEqualTo(3);
        List<String> bins = new ArrayList<>();
        inj.path("by_snr").forEach(b -> bins.add(b.path("bin").asText() + ":" + b.path("injected").asLong() + "/"
                + b.path("recovered").asLong()));
        // the change of unknown S/N is in the totals, in no bin; no bin below 3
        assertThat(bins).containsExactly("3-5:2/0", "5-10:2/1", "10-20:2/2", ">=20:3/3");
        assertThat(inj.path("by_snr").get(1).path("by_kind").path("faded").path("recall").asDouble()).isZero();
        JsonNode lc = e.path("lightcurves");
        assertThat(lc.toString()).isEqualTo("{\"objects\":3,\"epochs\":2,\"flagged_rows\":1,\"variable\":1,"
                + "\"flux_ratio_median\":1.03,\"injected_objects\":1,\"injected_variable\":1,\"constant_objects\":2,"
                + "\"constant_variable\":0}");

        String md = Files.readString(dir.resolve("summary.md"));
        assertThat(md).contains("## Epochs", "| 5 | 2 | 1 | 1 | 1 | 3 (precision 0.600) |",
                "| all | 10 | 6 | 0.600 | 5 | 0.990 |", "| 10-20 | 2 | 1.000 |");
        // summary.csv: the same header with and without epochs
        ObjectNode without = summary.json().deepCopy();
        without.putNull("epochs");
        assertThat(org.skysift.report.DashboardFilesAccess.csvHeader(summary.json()))
                .isEqualTo(org.skysift.report.DashboardFilesAccess.csvHeader(without))
                .contains("epochs.injection.recall", "epochs.transients.by_kind.appeared");

        RunOutputs.Context ctx = new RunOutputs.Context(spark, runDir, "epochs", config, summary.json());
        PlotContext pc = new PlotContext(spark, runDir, config, summary.json(),
                new PlotFiles(spark.sparkContext().hadoopConfiguration(), runDir));
        Figure f = EpochRecall.write(pc);
        BufferedImage plot = ImageIO.read(dir.resolve("plots").resolve(f.file()).toFile());
        Files.createDirectories(Path.of("target", "report-screenshots"));
        Files.copy(dir.resolve("plots").resolve(f.file()), Path.of("target", "report-screenshots", "epoch_recall.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(plot.getWidth()).isEqualTo(ChartStyle.WIDTH);
        assertThat(f.title()).isEqualTo("Epoch changes: recall 60.0% (6 of 10)");
        // Wilson 68% interval of 3 of 3: centre (1 + 1/6) / (4/3) = 0.875, half-width 0.75 / 6 = 0.125
        assertThat(Files.readAllLines(dir.resolve("plots/epoch_recall.csv"))).contains(">=20,all,3,3,1,0.75,1",
                "3-5,vanished,1,0,0,0,0.5");
        Files.writeString(dir.resolve("plots/plots.json"), "[{\"file\":\"epoch_recall.png\",\"title\":\"" + f.title()
                + "\",\"caption\":\"c\"}]");

        HtmlReport.write(ctx);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<section id=\"transients\">", "<a href=\"#transients\">Transients</a>",
                "<div class=\"label\">Recall of injected changes</div><div class=\"value\">60.0%</div>");
        String table = html.substring(html.indexOf("<table class=\"transients\">"));
        table = table.substring(0, table.indexOf("</table>"));
        Matcher m = Pattern.compile("<tr id=\"transient-(\\d+)-(\\d+)-poss2\">.*?<img src=\"([^\"]+)\"").matcher(table);
        List<String> order = new ArrayList<>();
        while (m.find()) {
            order.add(m.group(1) + "/" + m.group(2));
            BufferedImage img = ImageIO.read(dir.resolve(m.group(3)).toFile());
            assertThat(img.getWidth()).as(m.group(3)).isEqualTo(600);
        }
        // strongest first
        assertThat(order).containsExactly(T2 + "/1", T1 + "/1", T1 + "/2", T1 + "/3", T2 + "/2");
    }
}
