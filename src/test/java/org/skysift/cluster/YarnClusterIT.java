package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.skysift.submit.Scripts;
import org.skysift.testing.SparkSessionExtension;

/**
 * The job jar submitted to YARN: a MiniYARNCluster (ResourceManager and one NodeManager, in this JVM) on
 * this host, with the command submit/yarn.sh prints under --dry-run run for real by SparkSubmit from the
 * assembled Spark home (spark-yarn in its jars/), HADOOP_CONF_DIR pointing at the cluster's config, in
 * cluster deploy mode (the driver in the application master, the config shipped with --files). The
 * application must end FINISHED/SUCCEEDED in the ResourceManager, and the run's tables must equal the
 * local[2] run's row for row. (Client mode worked too, but costs 1-2 min per Spark line of CI's budget.) Runs with `mvn -Pcluster verify`.
 */
@Tag("cluster")
@ExtendWith(SparkSessionExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT {
    /** Two executors of 1 core; the driver in the application master (cluster mode). Sized for 30' tiles. */
    static final List<String> SIZING = List.of("--num-executors", "2", "--executor-cores", "1",
            "--executor-memory", "512m", "--driver-memory", "768m");

    static ClusterRuns runs;
    static MiniYarn yarn;

    @BeforeAll
    static void setUp() throws Exception {
        runs = ClusterRuns.create("yarn");
        long t0 = System.nanoTime();
        yarn = MiniYarn.start("yarn-it-" + org.apache.spark.package$.MODULE$.SPARK_VERSION(), runs.dir.resolve("hadoop-conf"));
        System.out.printf("cluster: MiniYARNCluster up in %.1f s (HADOOP_CONF_DIR %s)%n",
                ClusterRuns.secondsSince(t0), yarn.confDir());
    }

    @AfterAll
    static void tearDown() {
        try {
            if (runs != null) {
                runs.close();
            }
        } finally {
            if (yarn != null) {
                yarn.close();
            }
        }
    }

    @Test
    @Order(1)
    void clusterDeployModeEqualsLocal(SparkSession spark) throws Exception {
        List<String> words = yarnSh("cluster", "yarn-cluster");
        // the config goes with the application and the driver reads it by its base name
        assertThat(words).containsSubsequence("--files", runs.config.toString(),
                runs.submit.jar().toString(), "run", "--config", "cluster.yaml");
        ApplicationReport app = submit("yarn-cluster", words);
        Path run = runs.out.resolve("yarn-cluster");
        Map<String, Long> counts = RunTables.assertSame(spark, run, ClusterRuns.localReference());
        // the driver ran in the application master's container, not in the submitting JVM
        long driverPid = progressDriverPid(run);
        assertThat(driverPid).isNotEqualTo(runs.launched.get("yarn-cluster"));
        assertThat(containerLog(app.getApplicationId(), 1, "stdout")).as("application master's stdout")
                .contains("skysift: run yarn-cluster finished: " + StandaloneClusterIT.TILES + " tiles ok, 0 failed");
        assertThat(RunTables.executorsThatRanTiles(spark, run)).as("executors that processed tiles").isEqualTo(2);
        System.out.println("cluster: YARN cluster mode equals local[2], rows compared " + counts);
    }

    /**
     * What `submit/yarn.sh --dry-run` prints for this cluster, split into words. The test-only settings go
     * through --conf as a user's would: Spark's jars taken from the Spark home in place (local:, so no
     * 300 MB upload per submit), the staging folder under target/, no web UI, and the application master
     * and executors bound to loopback (SPARK_LOCAL_IP; Spark would take the host's network address).
     */
    static List<String> yarnSh(String deployMode, String runId) {
        List<String> args = new ArrayList<>(List.of("--dry-run", "--config", runs.config.toString(),
                "--jar", runs.submit.jar().toString(), "--runtime", org.apache.spark.package$.MODULE$.SPARK_VERSION(),
                "--deploy-mode", deployMode));
        args.addAll(SIZING);
        args.addAll(List.of(
                "--conf", "spark.yarn.jars=local:" + runs.submit.home().path().resolve("jars") + "/*",
                "--conf", "spark.yarn.stagingDir=" + runs.dir.resolve("staging").toUri(),
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", SparkHome.shortJvmConf().get(0), "--conf", SparkHome.shortJvmConf().get(1),
                "--set", "output=" + runs.out.toUri(), "--set", "run_id=" + runId));
        Scripts.Result r = Scripts.run("yarn.sh", args.toArray(String[]::new));
        assertThat(r.exit()).as("yarn.sh --dry-run: " + r.err()).isZero();
        List<String> words = r.command("spark-submit");
        assertThat(words).containsSubsequence("--master", "yarn", "--deploy-mode", deployMode)
                .contains("spark.executor.memory=512m", "spark.executor.instances=2");
        System.out.println("cluster: yarn.sh --dry-run: " + String.join(" ", words));
        return words;
    }

    /**
     * Runs the spark-submit words with SparkSubmit and HADOOP_CONF_DIR set; returns the report of the one
     * application it made, which must have ended FINISHED and SUCCEEDED.
     */
    static ApplicationReport submit(String runId, List<String> words) throws Exception {
        Set<ApplicationId> before = yarn.applications();
        List<String> command = runs.submit.sparkSubmit(words.subList(1, words.size()), yarn.confDir());
        runs.run(runId, command, runs.submit.env(yarn.confDir()));
        List<ApplicationId> made = yarn.applications().stream().filter(id -> !before.contains(id)).toList();
        assertThat(made).as("applications submitted by " + runId).hasSize(1);
        ApplicationReport app = yarn.report(made.get(0));
        System.out.printf("cluster: %s: %s %s/%s in %.1f s%n", runId, app.getApplicationId(),
                app.getYarnApplicationState(), app.getFinalApplicationStatus(),
                (app.getFinishTime() - app.getStartTime()) / 1e3);
        assertThat(app.getName()).isEqualTo("skysift");
        assertThat(app.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
        assertThat(app.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
        return app;
    }

    /** A container's log file; container 1 of an application is its application master. */
    static String containerLog(ApplicationId app, int container, String file) throws IOException {
        try (var s = Files.list(yarn.containerLogs().resolve(app.toString()))) {
            Path dir = s.filter(p -> p.getFileName().toString().endsWith(String.format("_%06d", container)))
                    .findFirst().orElseThrow(() -> new AssertionError("no container " + container + " of " + app));
            return Files.readString(dir.resolve(file));
        }
    }

    static long progressDriverPid(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("progress.json").toFile()).path("driver").path("pid").asLong();
    }

}
