package org.skysift.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;
import org.skysift.pipeline.resume.ConfigFingerprint;
import org.skysift.pipeline.resume.FinishedRun;
import org.skysift.pipeline.resume.ResumeCounts;
import org.skysift.report.Manifest;

/**
 * The report step on its own ({@code run --from report}): summary, report outputs and manifest made again from
 * the tables a process step left in the run folder, e.g. after changing report.* switches. The stamps under
 * cutouts/ are made by the process step and stay.
 */
final class ReportStep {
    /** What the report step writes (besides metrics.json and progress.json): cleared before it writes them again. */
    static final List<String> OUTPUTS = List.of(FinishedRun.MANIFEST, "summary.json", "summary.md", "summary.csv", "dashboard",
            "plots", "hats", "report.html");

    private ReportStep() {}

    /** Every table the config's run writes is in the folder, made with this config (else exit 2 naming it). */
    static void checkInputs(SkySiftConfig config, String runDir, Configuration conf) {
        StepLog.requireInputs(RunSteps.Step.REPORT, runDir, ConfigFingerprint.of(config), conf,
                SurveyJob.Tables.names(config));
    }

    /**
     * Removes the earlier report's outputs, so a switch turned off leaves none behind; the manifest goes
     * first, so until this step ends the folder is not a finished run.
     */
    static void clearOutputs(String runDir, Configuration conf) {
        for (String name : OUTPUTS) {
            HadoopFiles.deleteRecursively(runDir + "/" + name, conf);
        }
    }

    /**
     * What the process step did (tiles processed, resumed, images fetched), for the summary's "work": from its
     * section (steps/process.json), else from the summary of a run made in one go, else nothing.
     */
    static ResumeCounts work(String runDir, Configuration conf) {
        JsonNode w = read(runDir + "/" + Manifest.STEPS + "/process.json", conf).path("work");
        if (w.isMissingNode()) {
            w = read(runDir + "/summary.json", conf).path("work");
        }
        return new ResumeCounts(w.path("tiles_resumed").asLong(), w.path("tiles_processed").asLong(),
                w.path("images_fetched").asLong(), w.path("image_requests").asLong());
    }

    private static JsonNode read(String uri, Configuration conf) {
        try {
            if (!HadoopFiles.exists(uri, conf)) {
                return ConfigLoader.json().createObjectNode();
            }
            try (InputStream in = HadoopFiles.open(uri, conf)) {
                return ConfigLoader.json().readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri, e);
        }
    }

    /** The step's section: the tables it read, what it wrote, the summary's counts. */
    static StepLog log(SkySiftConfig config) {
        return new StepLog(RunSteps.Step.REPORT).inputs(SurveyJob.Tables.names(config).toArray(String[]::new));
    }
}
