package org.skysift.report;

import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigLoader;
import org.skysift.io.HadoopFiles;
import org.skysift.pipeline.SurveyJob;

/**
 * The "epochs" object of summary.json for runs with several epochs: transients per kind (and the share
 * on an injected change), recovery of the injected changes (overall, per kind, per expected-S/N bin,
 * and the median of flux_diff over the injected flux_new - flux_ref), S_corr noise over the tiles and
 * the light curves. Every figure comes from ONE Spark job: a union of small aggregates, one per
 * table, each shaped to the same columns. Runs without epochs add no job and get "epochs": null.
 * The object has the same keys on every epoch run (nulls where a figure is missing), so summary.csv
 * keeps one header; the per-bin figures are a list, which summary.csv leaves out.
 */
public final class EpochSummary {
    public static final List<String> TABLES = List.of("transients", "epoch_injections", "lightcurves", "variability");
    public static final List<String> KINDS = List.of("appeared", "vanished", "brightened", "faded");
    /** Expected-S/N bins of the injected changes: lower edges (the last is open). */
    public static final double[] SNR_EDGES = {0, 3, 5, 10, 20};
    public static final List<String> SNR_BINS = List.of("<3", "3-5", "5-10", "10-20", ">=20");

    private static final String COLUMNS = "part, kind, bin, g, n, a, b, m1, m2, m3";

    private EpochSummary() {}

    /** Whether the run folder holds any epoch table (then the run had epochs). */
    public static boolean present(Configuration conf, String runDir) {
        try {
            return HadoopFiles.exists(runDir + "/transients", conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + runDir + "/transients", e);
        }
    }

    /** Every key the object has, values null: what summary.csv writes for a run without epochs. */
    public static ObjectNode skeleton() {
        ObjectNode e = ConfigLoader.json().createObjectNode();
        e.putNull("tiles");
        ObjectNode rows = e.putObject("rows");
        TABLES.forEach(rows::putNull);
        ObjectNode tr = e.putObject("transients");
        tr.putNull("total");
        ObjectNode byKind = tr.putObject("by_kind");
        KINDS.forEach(byKind::putNull);
        tr.putNull("on_injected");
        tr.putNull("precision");
        ObjectNode precByKind = tr.putObject("precision_by_kind");
        KINDS.forEach(precByKind::putNull);
        ObjectNode inj = e.putObject("injection");
        recoveryKeys(inj);
        ObjectNode injByKind = inj.putObject("by_kind");
        KINDS.forEach(k -> recoveryKeys(injByKind.putObject(k)));
        inj.putArray("by_snr");
        ObjectNode sc = e.putObject("scorr_std");
        sc.putNull("median");
        sc.putNull("min");
        sc.putNull("max");
        ObjectNode lc = e.putObject("lightcurves");
        for (String k : List.of("objects", "epochs", "flagged_rows", "variable", "flux_ratio_median", "injected_objects",
                "injected_variable", "constant_objects", "constant_variable")) {
            lc.putNull(k);
        }
        return e;
    }

    private static void recoveryKeys(ObjectNode n) {
        for (String k : List.of("injected", "recovered", "recall", "right_kind", "flux_diff_ratio_median")) {
            n.putNull(k);
        }
    }

    /**
     * The epoch figures of the run, or null when it has none.
     *
     * @param tilesWithEpochs tiles with n_epochs set (from the summary's pass over the tiles table)
     */
    public static ObjectNode of(SparkSession spark, String runDir, long tilesWithEpochs) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> tables = new ArrayList<>();
        try {
            for (String t : TABLES) {
                if (HadoopFiles.exists(runDir + "/" + t, conf)) {
                    tables.add(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the epoch tables of " + runDir, e);
        }
        if (tables.isEmpty() && tilesWithEpochs == 0) {
            return null;
        }
        List<Dataset<Row>> parts = new ArrayList<>();
        Dataset<Row> tiles = SurveyJob.Tables.read(spark, runDir, "tiles");
        if (Arrays.asList(tiles.columns()).containsAll(List.of("n_epochs", "scorr_std"))) {
            parts.add(tiles.filter("n_epochs is not null").selectExpr("'tiles' part", "cast(null as string) kind",
                    "cast(null as int) bin", "0 g", "count(*) n", "cast(null as long) a", "cast(null as long) b",
                    "percentile(scorr_std, 0.5) m1", "min(scorr_std) m2", "max(scorr_std) m3"));
        }
        if (tables.contains("transients")) {
            parts.add(SurveyJob.Tables.read(spark, runDir, "transients").groupBy("kind").agg(expr("count(*) n"),
                    expr("sum(case when injected then 1 else 0 end) a"), expr("count(injected) b"),
                    expr("percentile(snr, 0.5) m1")).selectExpr("'transients' part", "kind", "cast(null as int) bin",
                    "0 g", "n", "a", "b", "m1", "cast(null as double) m2", "cast(null as double) m3"));
        }
        if (tables.contains("epoch_injections")) {
            // cube: per kind and S/N bin, per kind, per bin and overall, told apart by grouping_id()
            parts.add(SurveyJob.Tables.read(spark, runDir, "epoch_injections")
                    .selectExpr("kind", binExpr() + " bin", "recovered", "found_kind",
                            "case when recovered and flux_new != flux_ref then flux_diff / (flux_new - flux_ref) end ratio")
                    .cube("kind", "bin").agg(expr("grouping_id() g"), expr("count(*) n"),
                            expr("sum(case when recovered then 1 else 0 end) a"),
                            expr("sum(case when recovered and found_kind = kind then 1 else 0 end) b"),
                            expr("percentile(ratio, 0.5) m1"))
                    .selectExpr("'epoch_injections' part", "kind", "bin", "cast(g as int) g", "n", "a", "b", "m1",
                            "cast(null as double) m2", "cast(null as double) m3"));
        }
        if (tables.contains("lightcurves")) {
            parts.add(SurveyJob.Tables.read(spark, runDir, "lightcurves").selectExpr("'lightcurves' part",
                    "cast(null as string) kind", "cast(null as int) bin", "0 g", "count(*) n",
                    "count(distinct epoch) a", "sum(case when flags != 0 then 1 else 0 end) b",
                    "cast(null as double) m1", "cast(null as double) m2", "cast(null as double) m3"));
        }
        if (tables.contains("variability")) {
            parts.add(SurveyJob.Tables.read(spark, runDir, "variability")
                    .selectExpr("case when injected is null then 'unknown' when injected then 'injected' else 'constant' end kind",
                            "variable", "flux_ratio")
                    .cube("kind").agg(expr("grouping_id() g"), expr("count(*) n"),
                            expr("sum(case when variable then 1 else 0 end) a"), expr("percentile(flux_ratio, 0.5) m1"))
                    .selectExpr("'variability' part", "kind", "cast(null as int) bin", "cast(g as int) g", "n", "a",
                            "cast(null as long) b", "m1", "cast(null as double) m2", "cast(null as double) m3"));
        }
        List<Row> rows = new ArrayList<>();
        if (!parts.isEmpty()) {
            Dataset<Row> all = parts.get(0);
            for (Dataset<Row> p : parts.subList(1, parts.size())) {
                all = all.unionByName(p);
            }
            spark.sparkContext().setJobDescription("summary: epochs");
            rows = all.selectExpr(COLUMNS.split(", ")).collectAsList();
        }
        return fill(rows, tables, tilesWithEpochs);
    }

    /** The 0-based bin of expected_snr (SNR_EDGES), -1 when unknown. */
    private static String binExpr() {
        StringBuilder b = new StringBuilder("case when expected_snr is null or isnan(expected_snr) then -1");
        for (int i = SNR_EDGES.length - 1; i >= 1; i--) {
            b.append(" when expected_snr >= ").append(SNR_EDGES[i]).append(" then ").append(i);
        }
        return b.append(" else 0 end").toString();
    }

    /** The collected aggregate rows (columns as COLUMNS) into the summary object. */
    static ObjectNode fill(List<Row> rows, List<String> tables, long tilesWithEpochs) {
        ObjectNode e = skeleton();
        e.put("tiles", tilesWithEpochs);
        ObjectNode counts = (ObjectNode) e.get("rows");
        ObjectNode tr = (ObjectNode) e.get("transients");
        ObjectNode inj = (ObjectNode) e.get("injection");
        ObjectNode lc = (ObjectNode) e.get("lightcurves");
        long transients = 0, onInjected = 0, known = 0;
        List<Row> bins = new ArrayList<>();
        long injectionRows = 0, variabilityRows = 0;
        for (Row r : rows) {
            String part = r.getString(0);
            String kind = r.isNullAt(1) ? null : r.getString(1);
            int g = r.getInt(3);
            long n = r.getLong(4);
            switch (part) {
                case "tiles" -> {
                    ObjectNode sc = (ObjectNode) e.get("scorr_std");
                    putNumber(sc, "median", r, 7);
                    putNumber(sc, "min", r, 8);
                    putNumber(sc, "max", r, 9);
                }
                case "transients" -> {
                    transients += n;
                    onInjected += r.getLong(5);
                    known += r.getLong(6);
                    ((ObjectNode) tr.get("by_kind")).put(String.valueOf(kind), n);
                    ((ObjectNode) tr.get("precision_by_kind")).set(String.valueOf(kind), ratio(r.getLong(5), r.getLong(6)));
                }
                case "epoch_injections" -> {
                    if (g == 3) {
                        injectionRows = n;
                        recovery(inj, r);
                    } else if (g == 1) {
                        ObjectNode byKind = (ObjectNode) inj.get("by_kind");
                        recovery(byKind.has(String.valueOf(kind)) ? (ObjectNode) byKind.get(String.valueOf(kind))
                                : byKind.putObject(String.valueOf(kind)), r);
                    } else {
                        bins.add(r);
                    }
                }
                case "lightcurves" -> {
                    counts.put("lightcurves", n);
                    lc.put("epochs", r.getLong(5));
                    lc.put("flagged_rows", r.isNullAt(6) ? 0 : r.getLong(6));
                }
                case "variability" -> {
                    long variable = r.isNullAt(5) ? 0 : r.getLong(5);
                    if (g == 1) {
                        variabilityRows = n;
                        lc.put("objects", n);
                        lc.put("variable", variable);
                        putNumber(lc, "flux_ratio_median", r, 7);
                    } else if (!"unknown".equals(kind)) {
                        lc.put(kind + "_objects", n);
                        lc.put(kind + "_variable", variable);
                    }
                }
                default -> throw new IllegalStateException("unknown part " + part);
            }
        }
        if (tables.contains("transients")) {
            counts.put("transients", transients);
            tr.put("total", transients);
            KINDS.forEach(k -> {
                if (tr.get("by_kind").get(k).isNull()) {
                    ((ObjectNode) tr.get("by_kind")).put(k, 0);
                }
            });
            if (known > 0) {
                tr.put("on_injected", onInjected);
            }
            tr.set("precision", ratio(onInjected, known));
        }
        if (tables.contains("epoch_injections")) {
            counts.put("epoch_injections", injectionRows);
            inj.set("by_snr", snrBins(bins));
        }
        if (tables.contains("variability")) {
            counts.put("variability", variabilityRows);
        }
        if (tables.contains("lightcurves") && counts.get("lightcurves").isNull()) {
            counts.put("lightcurves", 0);
        }
        return e;
    }

    /** injected, recovered, recall, right_kind, flux_diff_ratio_median of one cube row. */
    private static void recovery(ObjectNode n, Row r) {
        long injected = r.getLong(4), recovered = r.getLong(5), right = r.getLong(6);
        n.put("injected", injected);
        n.put("recovered", recovered);
        n.set("recall", ratio(recovered, injected));
        n.put("right_kind", right);
        putNumber(n, "flux_diff_ratio_median", r, 7);
    }

    /** Per expected-S/N bin (unknown S/N left out), overall and per kind, in bin order. */
    private static ArrayNode snrBins(List<Row> rows) {
        ArrayNode out = ConfigLoader.json().createArrayNode();
        for (int bin = 0; bin < SNR_BINS.size(); bin++) {
            ObjectNode b = null;
            for (Row r : rows) {
                if (r.isNullAt(2) || r.getInt(2) != bin || r.getInt(3) != 2) {
                    continue;
                }
                b = out.addObject();
                b.put("bin", SNR_BINS.get(bin));
                b.put("snr_low", SNR_EDGES[bin]);
                if (bin + 1 < SNR_EDGES.length) {
                    b.put("snr_high", SNR_EDGES[bin + 1]);
                } else {
                    b.putNull("snr_high");
                }
                b.put("injected", r.getLong(4));
                b.put("recovered", r.getLong(5));
                b.set("recall", ratio(r.getLong(5), r.getLong(4)));
                b.put("right_kind", r.getLong(6));
            }
            if (b == null) {
                continue;
            }
            ObjectNode byKind = b.putObject("by_kind");
            for (String k : KINDS) {
                for (Row r : rows) {
                    if (!r.isNullAt(2) && r.getInt(2) == bin && r.getInt(3) == 0 && k.equals(r.getString(1))) {
                        ObjectNode kn = byKind.putObject(k);
                        kn.put("injected", r.getLong(4));
                        kn.put("recovered", r.getLong(5));
                        kn.set("recall", ratio(r.getLong(5), r.getLong(4)));
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode ratio(long k, long n) {
        return n == 0 ? ConfigLoader.json().nullNode() : ConfigLoader.json().getNodeFactory().numberNode((double) k / n);
    }

    private static void putNumber(ObjectNode n, String key, Row r, int i) {
        if (r.isNullAt(i) || !Double.isFinite(r.getDouble(i))) {
            n.putNull(key);
        } else {
            n.put(key, r.getDouble(i));
        }
    }

    /** "12.3%" or "–". */
    public static String percent(JsonNode n) {
        return n != null && n.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * n.asDouble()) : "–";
    }
}
