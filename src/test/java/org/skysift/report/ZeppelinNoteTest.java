package org.skysift.report;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.detect.Gate;
import org.skysift.pipeline.SurveyJob;
import org.skysift.sky.Tile;
import org.skysift.synth.Realism;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;
import org.skysift.testing.SparkSessionExtension;

/**
 * notebooks/zeppelin/skysift.zpln against a real run: its first %spark paragraph's views are registered the
 * same way, then every %sql paragraph runs through spark.sql and is checked against the tables themselves.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZeppelinNoteTest {
    static final Path NOTE = Path.of("notebooks/zeppelin/skysift.zpln");
    /** Zeppelin's dynamic text form ${name=default}: Zeppelin substitutes the default until a user edits it. */
    static final Pattern FORM = Pattern.compile("\\$\\{(\\w+)=([^}]*)}");

    @TempDir
    static Path dir;
    JsonNode note;
    SurveyJob.Result run;
    final Map<String, List<Row>> results = new LinkedHashMap<>();

    @BeforeAll
    void runAJobAndEveryParagraph(SparkSession spark) throws IOException {
        note = ConfigLoader.json().readTree(NOTE.toFile());
        // two plates with withheld stars (so there are candidates) and defects (so the gates reject some),
        // and a truncated one (a failed tile)
        SyntheticSky sky = new SyntheticSky(TestSkies.withVanished(42, 400));
        byte[] a = SyntheticRenderer.render(new Tile(1, 120, 30, 12, 12), sky, Realism.PLATE).fits();
        Files.write(dir.resolve("a.fits"), a);
        Files.write(dir.resolve("b.fits"), SyntheticRenderer.render(new Tile(2, 121, 30, 12, 12), sky, Realism.PLATE).fits());
        Files.write(dir.resolve("corrupt.fits"), Arrays.copyOf(a, 1000));
        Files.writeString(dir.resolve("images.csv"),
                "path,ra,dec\na.fits,120,30\nb.fits,121,30\ncorrupt.fits,122,30\n");
        run = SurveyJob.run(spark, ConfigLoader.fromYamlString(String.join("\n",
                "run_id: zeppelin", "output: " + dir.resolve("out").toUri(),
                "image: {source: files, list: " + dir.resolve("images.csv").toUri() + "}",
                "tiling: {tile_arcmin: 12}",
                "synthetic: {vanished_density: 400}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}",
                "report: {plots: false, cutouts: false, html: false, dashboard: false, hats: false}")));

        registerViewsAsTheNoteDoes(spark, run.runDir());
        for (JsonNode p : note.path("paragraphs")) {
            String text = p.path("text").asText();
            if (text.startsWith("%sql") || text.startsWith("%spark.sql")) {
                String sql = FORM.matcher(text.substring(text.indexOf('\n') + 1)).replaceAll("$2");
                results.put(p.path("title").asText(), spark.sql(sql).collectAsList());
            }
        }
    }

    /** The note's first code paragraph reads each table under the run folder into a view of the same name. */
    private void registerViewsAsTheNoteDoes(SparkSession spark, String runDir) {
        String first = null;
        for (JsonNode p : note.path("paragraphs")) {
            if (!p.path("text").asText().startsWith("%md")) {
                first = p.path("text").asText();
                break;
            }
        }
        assertThat(first).startsWith("%spark\n")
                .contains("z.textbox(\"run_dir\"")
                .contains("spark.read.parquet(s\"$runDir/$name\").createOrReplaceTempView(name)");
        Matcher seq = Pattern.compile("val views = Seq\\(([^)]*)\\)").matcher(first);
        assertThat(seq.find()).as("the paragraph names its views in `val views = Seq(...)`").isTrue();
        List<String> views = new ArrayList<>();
        for (String quoted : seq.group(1).split(",")) {
            views.add(quoted.trim().replace("\"", ""));
        }
        assertThat(views).containsExactlyElementsOf(SurveyJob.Tables.NAMES);
        for (String name : views) {
            spark.read().parquet(runDir + "/" + name).createOrReplaceTempView(name);
        }
    }

    @Test
    void theNoteIsAZeppelinNote() {
        assertThat(note.path("defaultInterpreterGroup").asText()).isEqualTo("spark");
        assertThat(note.path("id").asText()).matches("[A-Z0-9]{9}");
        List<String> ids = new ArrayList<>();
        for (JsonNode p : note.path("paragraphs")) {
            assertThat(p.path("title").asText()).isNotBlank();
            assertThat(p.path("config").path("editorMode").asText()).startsWith("ace/mode/");
            ids.add(p.path("id").asText());
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(results).hasSize(7);
    }

    @Test
    void everySqlParagraphReturnsRows() {
        results.forEach((title, rows) -> assertThat(rows).as(title).isNotEmpty());
    }

    @Test
    void tilesByStatusAreTheTilesTableCounts(SparkSession spark) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (Row r : results.get("Tiles by status")) {
            byStatus.put(r.getString(0), r.getLong(1));
        }
        assertThat(byStatus).containsExactly(Map.entry("failed", 1L), Map.entry("ok", 2L));
        assertThat(byStatus.get("ok")).isEqualTo(table(spark, "tiles").filter(col("status").equalTo("ok")).count());
    }

    @Test
    void funnelFollowsTheGatesAndEndsAtTheCandidates(SparkSession spark) {
        List<Row> funnel = results.get("Candidate funnel: sources left after each gate");
        JsonNode summaryFunnel = run.summary().json().path("funnel");
        // unmatched sources are the sources without a row in matches; every later step loses the rejected
        // sources whose first failed gate it is
        long left = table(spark, "sources").select("tile_id", "source_id")
                .except(table(spark, "matches").select("tile_id", "source_id")).count();
        Map<String, Long> firstFailed = new LinkedHashMap<>();
        for (Row r : table(spark, "rejected").groupBy("first_failed_gate").count().collectAsList()) {
            firstFailed.put(r.getString(0), r.getLong(1));
        }
        assertThat(funnel).hasSize(Gate.values().length);
        int gatesThatRejected = 0;
        for (Gate g : Gate.values()) {
            long dropped = firstFailed.getOrDefault(g.key(), 0L);
            left -= dropped;
            gatesThatRejected += dropped > 0 ? 1 : 0;
            Row r = funnel.get(g.ordinal());
            assertThat(r.getInt(0)).isEqualTo(g.ordinal() + 1);
            assertThat(r.getString(1)).isEqualTo(g.key());
            assertThat(r.getLong(2)).as(g.key()).isEqualTo(left).isEqualTo(summaryFunnel.path(g.key()).asLong());
        }
        // the run exercises several gates, so a step that read the wrong gate's column would show
        assertThat(gatesThatRejected).isGreaterThanOrEqualTo(3);
        long candidates = table(spark, "candidates").count();
        assertThat(candidates).isPositive();
        assertThat(funnel.get(funnel.size() - 1).getLong(2)).isEqualTo(candidates);
    }

    @Test
    void candidatesCarryTheirTile(SparkSession spark) {
        List<Row> rows = results.get("Candidates with their tile");
        assertThat((long) rows.size()).isEqualTo(table(spark, "candidates").count());
        for (Row r : rows) {
            long tile = r.getLong(r.fieldIndex("tile_id"));
            // tiles of an image list are numbered by their line (the header is line 1)
            assertThat(tile).isIn(2L, 3L);
            assertThat(r.getDouble(r.fieldIndex("ra_center"))).isEqualTo(tile == 2 ? 120.0 : 121.0);
            assertThat(r.getString(r.fieldIndex("image_uri"))).endsWith(tile == 2 ? "a.fits" : "b.fits");
        }
        assertThat(rows.get(0).getDouble(rows.get(0).fieldIndex("score")))
                .isGreaterThanOrEqualTo(rows.get(rows.size() - 1).getDouble(rows.get(0).fieldIndex("score")));
    }

    @Test
    void sourcesPerTileAreTheTilesCounts(SparkSession spark) {
        Map<Long, Long> perTile = new LinkedHashMap<>();
        for (Row r : results.get("Sources per tile")) {
            perTile.put(r.getLong(0), r.getLong(1));
        }
        Map<Long, Long> nSources = new LinkedHashMap<>();
        for (Row t : table(spark, "tiles").filter(col("status").equalTo("ok")).orderBy("tile_id")
                .select("tile_id", "n_sources").collectAsList()) {
            nSources.put(t.getLong(0), (long) t.getInt(1));
        }
        assertThat(perTile).isEqualTo(nSources).hasSize(2);
    }

    @Test
    void magnitudeHistogramBinsEverySourceWithAMagnitude(SparkSession spark) {
        List<Row> bins = results.get("Magnitude histogram (mag_auto)");
        long total = 0;
        double previous = Double.NEGATIVE_INFINITY;
        for (Row r : bins) {
            double bin = ((Number) r.get(0)).doubleValue();
            assertThat(bin % 0.5).isZero();
            assertThat(bin).isGreaterThan(previous);
            previous = bin;
            total += r.getLong(1);
        }
        Dataset<Row> sources = table(spark, "sources");
        assertThat(total).isEqualTo(sources.filter(col("mag_auto").isNotNull()).count());
        // the bin of 15.0 holds the sources with 15.0 <= mag_auto < 15.5
        long fifteen = sources.filter(col("mag_auto").geq(15.0).and(col("mag_auto").lt(15.5))).count();
        assertThat(fifteen).isPositive();
        assertThat(bins).anySatisfy(r -> {
            assertThat(((Number) r.get(0)).doubleValue()).isEqualTo(15.0);
            assertThat(r.getLong(1)).isEqualTo(fifteen);
        });
    }

    @Test
    void matchSeparationsCoverEveryMatchWithinTheRadius(SparkSession spark) {
        long total = 0;
        for (Row r : results.get("Match separations")) {
            assertThat(((Number) r.get(0)).doubleValue()).isBetween(0.0, 5.0);
            total += r.getLong(1);
        }
        assertThat(total).isEqualTo(table(spark, "matches").count()).isPositive();
    }

    @Test
    void failedTilesNameTheirFile() {
        List<Row> failed = results.get("Failed tiles and their errors");
        assertThat(failed).hasSize(1);
        Row r = failed.get(0);
        assertThat(r.getLong(r.fieldIndex("tile_id"))).isEqualTo(4);
        assertThat(r.getString(r.fieldIndex("error_stage"))).isEqualTo("validate");
        assertThat(r.getString(r.fieldIndex("error_message"))).contains("corrupt.fits");
    }

    private Dataset<Row> table(SparkSession spark, String name) {
        return SurveyJob.Tables.read(spark, run.runDir(), name);
    }
}
