package org.skysift.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;
import org.skysift.pipeline.resume.ConfigFingerprint;
import org.skysift.report.Manifest;

/**
 * One step's section of the manifest (inputs, outputs, parameters, counts, timings), kept in
 * {@code steps/<step>.json} in the run folder as the step ends; the manifest, written by the report step,
 * gathers them under "steps". Also the checks a step makes that its inputs are there.
 */
final class StepLog {
    private final RunSteps.Step step;
    private final Instant started = Instant.now();
    private final ObjectNode section = ConfigLoader.json().createObjectNode();

    StepLog(RunSteps.Step step) {
        this.step = step;
        section.put("step", step.key());
        section.put("started_at", started.toString());
        section.putArray("inputs");
        section.putArray("outputs");
        section.putObject("parameters");
        section.putObject("counts");
    }

    StepLog inputs(String... names) {
        for (String n : names) {
            section.withArray("inputs").add(n);
        }
        return this;
    }

    StepLog outputs(String... names) {
        for (String n : names) {
            section.withArray("outputs").add(n);
        }
        return this;
    }

    ObjectNode parameters() {
        return (ObjectNode) section.get("parameters");
    }

    ObjectNode counts() {
        return (ObjectNode) section.get("counts");
    }

    /** The plan's section when the plan runs as a run's first step (its tables are written with the run's). */
    static void planOfRun(SkySiftConfig config, long tiles, String runDir, Configuration conf) {
        StepLog log = new StepLog(RunSteps.Step.PLAN).outputs("targets", "tiles");
        log.parameters().put("config_sha256", ConfigFingerprint.of(config).sha256())
                .put("targets_kind", config.targets().kind()).put("tile_arcmin", config.tiling().tileArcmin());
        log.counts().put("tiles", tiles);
        log.write(runDir, conf);
    }

    /** The run summary's counts (tiles ok and failed, table rows) as the step's counts. */
    StepLog summary(ObjectNode summary) {
        counts().put("tiles_ok", summary.path("tiles").path("ok").asLong())
                .put("tiles_failed", summary.path("tiles").path("failed").asLong());
        summary.path("counts").fields().forEachRemaining(e -> counts().set(e.getKey(), e.getValue().deepCopy()));
        return this;
    }

    /** What the process step did (tiles processed, resumed, images fetched): the summary's "work", for --from report. */
    StepLog work(ObjectNode work) {
        section.set("work", work.deepCopy());
        return this;
    }

    /** Counts worked out by the step itself (a process step that ends the run has no summary). */
    StepLog counts(ObjectNode counts) {
        counts().setAll(counts.deepCopy());
        return this;
    }

    /** Ends the step: its timings, then steps/&lt;step&gt;.json. */
    void write(String runDir, Configuration conf) {
        Instant done = Instant.now();
        section.put("finished_at", done.toString());
        section.put("seconds", Duration.between(started, done).toMillis() / 1000.0);
        try {
            HadoopFiles.replace(runDir + "/" + Manifest.STEPS + "/" + step.key() + ".json",
                    (ConfigLoader.json().writerWithDefaultPrettyPrinter().writeValueAsString(section) + "\n")
                            .getBytes(StandardCharsets.UTF_8), conf);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the " + step.key() + " step's section in " + runDir, e);
        }
    }

    private static String earlier(RunSteps.Step from) {
        return switch (from) {
            case ACQUIRE -> "--until plan";
            case PROCESS -> "--until plan and --from acquire --until acquire";
            default -> "--until process";
        };
    }

    /**
     * Before a step that starts on an earlier step's outputs: every named file or table must be in the run
     * folder, and the plan must have been made with this config (same fingerprint).
     */
    static void requireInputs(RunSteps.Step from, String runDir, ConfigFingerprint config, Configuration conf,
                              List<String> names) {
        try {
            for (String n : names) {
                if (!HadoopFiles.exists(runDir + "/" + n, conf)) {
                    throw new ConfigException("--from " + from.key() + ": " + runDir + "/" + n + " is missing (an input of"
                            + " this step, written by an earlier one: run " + earlier(from) + " on this run id first)");
                }
            }
            String plan = runDir + "/" + Manifest.STEPS + "/plan.json";
            if (HadoopFiles.exists(plan, conf)) {
                String planned = ConfigLoader.json().readTree(HadoopFiles.open(plan, conf)).path("parameters")
                        .path("config_sha256").asText();
                if (!planned.isEmpty() && !planned.equals(config.sha256())) {
                    throw new ConfigException("--from " + from.key() + ": the config differs from the one " + runDir
                            + " was planned with (config fingerprint " + config.sha256() + ", plan's " + planned
                            + "); plan again, or use the plan's config");
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + runDir, e);
        }
    }
}
