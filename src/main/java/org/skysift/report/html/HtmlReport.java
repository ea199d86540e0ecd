package org.skysift.report.html;

import static org.apache.spark.sql.functions.col;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.skysift.pipeline.RecordSchema;
import org.skysift.pipeline.TransientRow;
import org.skysift.report.EpochSummary;
import org.skysift.report.RunOutputs;

/** Writes report.html at the top of the run folder from the summary, plots/plots.json and the tables. */
public final class HtmlReport {
    /** The page keeps the best-scored candidates up to this many; dashboard/anomalies_minimal.csv has them all. */
    static final int MAX_CANDIDATES = 50_000;
    static final int MAX_FAILED_LISTED = 200;
    /** Transients shown with their triplets; the transients table has them all. */
    static final int MAX_TRANSIENTS = 30;
    private static final List<String> OTHER_FILES = List.of("summary.md", "summary.json", "summary.csv",
            "dashboard/anomalies_minimal.csv", "metrics.json", "manifest.json");

    /** "stage · Class: message" of a failed tile, one column for the table. */
    private static final Column TILE_ERROR = functions.when(col("error_stage").isNotNull(),
            functions.concat_ws("", col("error_stage"), functions.lit(" · "), functions.coalesce(col("error_class"), functions.lit("")),
                    functions.lit(": "), functions.coalesce(col("error_message"), functions.lit(""))));

    private HtmlReport() {}

    public static void write(RunOutputs.Context ctx) {
        Configuration conf = ctx.spark().sparkContext().hadoopConfiguration();
        String runDir = ctx.runDir();
        Dataset<Row> tiles = ctx.table("tiles");
        Dataset<Row> candidates = ctx.table("candidates");
        Path out = new Path(runDir + "/report.html");
        try {
            FileSystem fs = out.getFileSystem(conf);
            PlotIndex.Plots plots = PlotIndex.read(fs, runDir);
            boolean synthetic = ctx.summary().path("injection").isObject();
            List<Object[]> tileRows = tileRows(tiles);
            ReportInput in = new ReportInput(ctx.summary(), plots.plots(), plots.problem(), failedTiles(tiles, ctx.summary()),
                    new DataTable(TableColumns.TILES, tileRows.iterator()),
                    new DataTable(TableColumns.candidates(synthetic), rows(candidates
                            .select(keys(TableColumns.candidates(synthetic), null, null))
                            .orderBy(col("score").desc(), col("tile_id"), col("source_id")).limit(MAX_CANDIDATES))),
                    ctx.summary().path("counts").path("candidates").asLong(), plateDates(tileRows),
                    present(fs, runDir), strongestTransients(ctx, conf));
            try (Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(out, true), StandardCharsets.UTF_8), 1 << 16)) {
                ReportPage.write(w, in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    private static Column[] keys(List<DataTable.Column> columns, String computedKey, Column computed) {
        return columns.stream().map(c -> c.key().equals(computedKey) ? computed.as(computedKey) : col(c.key())).toArray(Column[]::new);
    }

    /** Streams rows to the page one partition at a time rather than collecting them. */
    private static Iterator<Object[]> rows(Dataset<Row> ds) {
        Iterator<Row> it = ds.toLocalIterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Object[] next() {
                return values(it.next());
            }
        };
    }

    private static Object[] values(Row r) {
        Object[] v = new Object[r.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.get(i);
        }
        return v;
    }

    private static List<ReportInput.FailedTile> failedTiles(Dataset<Row> tiles, com.fasterxml.jackson.databind.JsonNode summary) {
        List<ReportInput.FailedTile> out = new ArrayList<>();
        if (summary.path("tiles").path("failed").isIntegralNumber() && summary.path("tiles").path("failed").asLong() == 0) {
            return out; // the summary counted them: no query for a run without failures
        }
        for (Row r : tiles.filter(col("status").equalTo("failed")).orderBy("tile_id")
                .select("tile_id", "error_stage", "error_class", "error_message").limit(MAX_FAILED_LISTED).collectAsList()) {
            out.add(new ReportInput.FailedTile(r.getLong(0), r.getString(1), r.getString(2), r.getString(3)));
        }
        return out;
    }

    /**
     * The page's tiles table, by tile id: collected in one Spark job (one row per tile, so the driver holds it)
     * and sorted here, since a sort by Spark costs jobs of its own.
     */
    private static List<Object[]> tileRows(Dataset<Row> tiles) {
        List<Object[]> out = new ArrayList<>();
        for (Row r : tiles.select(keys(TableColumns.TILES, "error", TILE_ERROR)).collectAsList()) {
            out.add(values(r));
        }
        out.sort(java.util.Comparator.comparingLong(r -> ((Number) r[0]).longValue()));
        return out;
    }

    /** The earliest and latest DATE-OBS among the tiles' rows, as days; null when no tile has one. */
    private static String[] plateDates(List<Object[]> tileRows) {
        int at = 0;
        while (!TableColumns.TILES.get(at).key().equals("date_obs")) {
            at++;
        }
        String first = null, last = null;
        for (Object[] r : tileRows) {
            String d = (String) r[at];
            if (d != null) {
                first = first == null || d.compareTo(first) < 0 ? d : first;
                last = last == null || d.compareTo(last) > 0 ? d : last;
            }
        }
        if (first == null) {
            return null;
        }
        // ISO dates sort as text; the day is what a reader wants here
        return Arrays.stream(new String[] {first, last})
                .map(d -> d.length() > 10 ? d.substring(0, 10) : d).toArray(String[]::new);
    }

    /** The transients with the highest S/N, or null when the run has no transients table. */
    private static List<TransientRow> strongestTransients(RunOutputs.Context ctx, Configuration conf) {
        if (!ctx.summary().path("epochs").isObject() || !EpochSummary.present(conf, ctx.runDir())) {
            return null;
        }
        List<TransientRow> out = new ArrayList<>();
        String[] cols = RecordSchema.of(TransientRow.class).schema().fieldNames(); // in the record's order
        for (Row r : ctx.table("transients").selectExpr(cols)
                .orderBy(col("snr").desc(), col("tile_id"), col("transient_id"), col("epoch")).limit(MAX_TRANSIENTS)
                .collectAsList()) {
            out.add(new TransientRow(r.getLong(0), r.getInt(1), r.getString(2), r.getString(3), r.getString(4),
                    r.getDouble(5), r.getDouble(6), r.getDouble(7), r.getDouble(8), r.getDouble(9), r.getDouble(10),
                    r.getDouble(11), (Double) r.get(12), (Double) r.get(13), (Double) r.get(14), (Double) r.get(15),
                    (Double) r.get(16), (Double) r.get(17), (Integer) r.get(18), (Boolean) r.get(19), r.getString(20),
                    r.getString(21)));
        }
        return out;
    }

    private static List<String> present(FileSystem fs, String runDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String f : OTHER_FILES) {
            // the manifest is written after this page, last of all
            if (f.equals("manifest.json") || fs.exists(new Path(runDir + "/" + f))) {
                out.add(f);
            }
        }
        return out;
    }
}
