package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.cli.SkySift;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.testing.TestConfigs;

/** One run in steps on one folder: plan, then acquire alone, then from process to the end. */
@ExtendWith(SparkSessionExtension.class)
class StepsRunTest {
    private static String yaml(Path dir, String extra) {
        return String.join("\n", "output: " + dir.resolve("out").toUri(), "targets: {kind: fibonacci, count: 2, seed: 5}",
                "tiling: {tile_arcmin: 30}", "synthetic: {star_density: 500}", TestConfigs.NO_REPORTS, extra);
    }

    @Test
    void planAcquireThenProcessOnTheSameRunFolder(SparkSession spark, @TempDir Path dir) throws IOException {
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, yaml(dir, ""));
        Path run = dir.resolve("out/s1");
        String runDir = run.toUri().toString();
        var hconf = spark.sparkContext().hadoopConfiguration();
        var cfg = ConfigLoader.fromYamlString(yaml(dir, "")).withLocations(org.skysift.io.HadoopFiles::qualify);

        // the inputs of a later step are checked before any work
        assertThatThrownBy(() -> AcquireStep.checkInputs(RunSteps.Step.PROCESS, cfg, runDir, hconf))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--from process: " + runDir + "/targets is missing");

        assertThat(SkySift.execute("run", "--config", config.toString(), "--run-id", "s1", "--until", "plan"))
                .isEqualTo(SkySift.OK);
        assertThat(SurveyJob.Tables.read(spark, runDir, "tiles").where("status = 'planned'").count()).isEqualTo(2);
        assertThat(run.resolve("manifest.json")).doesNotExist(); // a plan is not a finished run

        // a config other than the plan's is refused
        var other = ConfigLoader.fromYamlString(yaml(dir, "extract: {detect_thresh: 2.0}"))
                .withLocations(org.skysift.io.HadoopFiles::qualify);
        assertThatThrownBy(() -> AcquireStep.checkInputs(RunSteps.Step.PROCESS, other, runDir, hconf))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the config differs from the one");

        assertThat(SkySift.execute("run", "--config", config.toString(), "--run-id", "s1", "--from", "acquire", "--until",
                "acquire")).isEqualTo(SkySift.OK);
        JsonNode acquire = ConfigLoader.json().readTree(run.resolve("steps/acquire.json").toFile());
        assertThat(acquire.path("counts").path("tiles").asLong()).isEqualTo(2);
        assertThat(acquire.path("counts").path("images").asLong()).isZero(); // rendered: nothing to fetch

        assertThat(SkySift.execute("run", "--config", config.toString(), "--run-id", "s1", "--from", "process"))
                .isEqualTo(SkySift.OK);
        assertThat(SurveyJob.Tables.read(spark, runDir, "tiles").where("status = 'ok'").count()).isEqualTo(2);
        assertThat(SurveyJob.Tables.read(spark, runDir, "targets").count()).isEqualTo(2);
        JsonNode manifest = ConfigLoader.json().readTree(run.resolve("manifest.json").toFile());
        JsonNode steps = manifest.path("steps");
        assertThat(steps.fieldNames()).toIterable().containsExactly("plan", "acquire", "process", "report");
        assertThat(steps.path("plan").path("counts").path("tiles").asLong()).isEqualTo(2);
        assertThat(steps.path("process").path("counts").path("tiles_ok").asLong()).isEqualTo(2);
        assertThat(steps.path("process").path("counts").path("sources").asLong())
                .isEqualTo(SurveyJob.Tables.read(spark, runDir, "sources").count()).isPositive();
        assertThat(steps.path("report").path("seconds").asDouble()).isNotNegative();
    }
}
