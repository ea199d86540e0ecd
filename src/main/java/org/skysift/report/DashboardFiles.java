package org.skysift.report;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.skysift.detect.Gate;

/**
 * Writes summary.csv (the run's figures as one header row and one data row, so many runs' files can be
 * concatenated) and dashboard/anomalies_minimal.csv (one row per candidate, a fixed schema for
 * spreadsheets and dashboards; see docs/TABLES.md).
 */
public final class DashboardFiles {
    /** The anomalies file's columns, in order: part of its documented schema. */
    public static final List<String> ANOMALY_COLUMNS =
            List.of("run_id", "tile_id", "source_id", "ra", "dec", "mag", "snr", "fwhm", "reason", "cutout");
    private static final List<String> INJECTION_KEYS =
            List.of("injected", "recovered", "candidates", "candidates_injected", "recall", "precision");

    private DashboardFiles() {}

    public static void write(RunOutputs.Context ctx) {
        Configuration conf = ctx.spark().sparkContext().hadoopConfiguration();
        RunReport.writeText(conf, ctx.runDir() + "/summary.csv", summaryCsv(ctx.summary()));
        writeAnomalies(ctx, conf);
    }

    /** Header and row of the flattened summary; keys that depend on the run are filled to a fixed set. */
    static String summaryCsv(ObjectNode summary) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", normalised(summary), flat);
        StringBuilder sb = new StringBuilder();
        appendRow(sb, flat.keySet());
        appendRow(sb, flat.values());
        return sb.toString();
    }

    /**
     * A copy where the objects whose keys vary between runs (failures by stage, injection figures that are
     * null on real images) always carry the same keys, so every run's header is the same.
     */
    private static ObjectNode normalised(ObjectNode summary) {
        ObjectNode s = summary.deepCopy();
        if (s.path("tiles").isObject()) {
            ObjectNode byStage = ((ObjectNode) s.get("tiles")).putObject("failed_by_stage");
            JsonNode had = summary.path("tiles").path("failed_by_stage");
            for (String stage : RunReport.STAGES) {
                byStage.put(stage, had.path(stage).asLong(0));
            }
            had.fields().forEachRemaining(e -> byStage.set(e.getKey(), e.getValue()));
        }
        if (!s.path("injection").isObject()) {
            ObjectNode inj = s.putObject("injection");
            INJECTION_KEYS.forEach(inj::putNull);
        }
        if (!s.path("epochs").isObject()) {
            s.set("epochs", EpochSummary.skeleton());
        }
        if (s.path("funnel").isObject()) {
            ObjectNode funnel = (ObjectNode) s.get("funnel");
            for (Gate g : Gate.values()) {
                if (!funnel.has(g.key())) {
                    funnel.putNull(g.key());
                }
            }
        }
        return s;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (n.isArray()) {
            return; // lists (first failures, input problems) have no fixed width: summary.json keeps them
        } else {
            out.put(prefix, n.isNull() ? "" : n.asText());
        }
    }

    private static void appendRow(StringBuilder sb, Iterable<String> fields) {
        boolean first = true;
        for (String f : fields) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(quote(f));
        }
        sb.append('\n');
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Streams the candidates in (tile_id, source_id) order, one partition at a time, into one file. */
    private static void writeAnomalies(RunOutputs.Context ctx, Configuration conf) {
        String uri = ctx.runDir() + "/dashboard/anomalies_minimal.csv";
        Iterator<Row> rows = ctx.table("candidates")
                .select("tile_id", "source_id", "ra", "dec", "mag", "snr", "fwhm_px", "reason", "cutout")
                .orderBy(col("tile_id"), col("source_id"))
                .toLocalIterator();
        Path p = new Path(uri);
        try {
            FileSystem fs = p.getFileSystem(conf);
            try (Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(p, true), StandardCharsets.UTF_8))) {
                w.write(String.join(",", ANOMALY_COLUMNS));
                w.write('\n');
                String runId = quote(ctx.runId());
                while (rows.hasNext()) {
                    w.write(anomalyLine(runId, rows.next()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + uri, e);
        }
    }

    private static String anomalyLine(String quotedRunId, Row r) {
        return quotedRunId
                + ',' + r.getLong(0)
                + ',' + r.getInt(1)
                + ',' + fixed(r, 2, 6)
                + ',' + fixed(r, 3, 6)
                + ',' + fixed(r, 4, 3)
                + ',' + fixed(r, 5, 2)
                + ',' + fixed(r, 6, 3)
                + ',' + quote(r.isNullAt(7) ? null : r.getString(7))
                + ',' + quote(r.isNullAt(8) ? null : r.getString(8))
                + '\n';
    }

    /** Fixed decimals with a point whatever the locale; empty for null and for NaN or infinities. */
    private static String fixed(Row r, int i, int decimals) {
        if (r.isNullAt(i)) {
            return "";
        }
        double v = r.getDouble(i);
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "";
    }
}
