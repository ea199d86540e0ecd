package org.skysift.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigLoader;
import org.skysift.config.Secrets;
import org.skysift.config.SkySiftConfig;

/**
 * manifest.json, written last so it covers every other output: the config as run (credentials
 * redacted), the Spark and Hadoop properties the run set (redacted too), versions, counts, timings,
 * checksums of the input files, and every output file (path relative to the run folder, bytes, sha256).
 * File-system bookkeeping files (hidden .crc files, _SUCCESS markers) are left out. Fields are
 * documented in docs/OUTPUTS.md; `skysift verify` checks a run folder or package against it.
 */
public final class Manifest {
    public static final String NAME = "manifest.json";
    public static final int FORMAT = 2;
    /** Folder of the run's step sections (steps/&lt;step&gt;.json, from run --from/--until), gathered under "steps". */
    public static final String STEPS = "steps";

    private Manifest() {}

    /** What the driver knows of the run beyond its config. */
    public record Run(String runDir, String runId, SkySiftConfig config, ObjectNode inputs, ObjectNode summary,
                      RunTimings timings) {}

    /**
     * Checksums of the run's inputs (see RunInputs); a Spark job reads the tiles table, so the driver
     * takes this before the run's metrics are closed.
     */
    public static ObjectNode inputs(SparkSession spark, String runDir, SkySiftConfig config, String configFile) {
        return RunInputs.json(spark, runDir, config, configFile);
    }

    public static void write(SparkSession spark, Run run) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ObjectNode m = ConfigLoader.json().createObjectNode();
        m.put("manifest_format", FORMAT);
        m.put("run_id", run.runId());
        m.put("created_at", ""); // set at the end; kept here so it reads near the top
        m.set("versions", Versions.json(spark.version()));
        m.set("config", Secrets.redact(ConfigLoader.toTree(run.config())));
        ObjectNode props = m.putObject("properties");
        props.set("spark", toJson(Secrets.redact(Arrays.stream(spark.sparkContext().getConf().getAll())
                .map(t -> Map.entry(t._1(), t._2())).toList())));
        props.set("hadoop", toJson(Secrets.redact(setBeyondDefaults(conf))));
        JsonNode counts = run.summary().get("counts");
        m.set("counts", counts == null ? m.objectNode() : counts.deepCopy());
        m.set("inputs", run.inputs());
        ObjectNode steps = steps(conf, run.runDir());
        if (!steps.isEmpty()) {
            m.set("steps", steps);
        }
        ArrayNode files = m.putArray("files");
        try {
            Path root = new Path(run.runDir());
            FileSystem fs = root.getFileSystem(conf);
            for (RunFiles.Entry e : RunFiles.list(fs, root)) {
                if (e.path().equals(NAME)) {
                    continue;
                }
                ObjectNode f = files.addObject();
                f.put("path", e.path());
                f.put("bytes", e.bytes());
                f.put("sha256", RunFiles.sha256(fs, e.file()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + run.runDir() + " for the manifest", e);
        }
        run.timings().lap("manifest checksums");
        JsonNode stageMs = run.summary().get("stage_ms");
        m.set("timings", run.timings().json(stageMs instanceof ObjectNode o ? o : null));
        m.put("created_at", m.path("timings").path("finished_at").asText());
        RunReport.writeText(conf, run.runDir() + "/" + NAME, RunReport.pretty(m));
    }

    /** The step sections the run's steps left in steps/, by step name (empty when the run ran in one go). */
    static ObjectNode steps(Configuration conf, String runDir) {
        ObjectNode out = ConfigLoader.json().createObjectNode();
        Path dir = new Path(runDir, STEPS);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            for (String step : List.of("plan", "acquire", "process", "report")) {
                Path f = new Path(dir, step + ".json");
                if (fs.exists(f)) {
                    try (var in = fs.open(f)) {
                        out.set(step, ConfigLoader.json().readTree(in));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + dir, e);
        }
        return out;
    }

    /**
     * The Hadoop properties that something other than Hadoop's own *-default.xml set (Spark's
     * spark.hadoop.* copies, site files, code): the few hundred defaults say nothing about this run.
     */
    static Iterable<Map.Entry<String, String>> setBeyondDefaults(Configuration conf) {
        java.util.List<Map.Entry<String, String>> out = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : conf) {
            String[] sources = conf.getPropertySources(e.getKey());
            boolean onlyDefaults = sources != null && sources.length > 0
                    && Arrays.stream(sources).allMatch(s -> s.endsWith("-default.xml"));
            if (!onlyDefaults) {
                out.add(e);
            }
        }
        return out;
    }

    private static ObjectNode toJson(Map<String, String> props) {
        ObjectNode n = ConfigLoader.json().createObjectNode();
        props.forEach(n::put);
        return n;
    }
}
