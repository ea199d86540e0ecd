package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The submits of one cluster test class, in its own folder target/cluster-it/&lt;name&gt; (emptied first: an
 * earlier build's run folders would confuse the checks): the config every run uses, the processes it
 * starts, each run waited for and its exit checked. Also the local[2] run every cluster run is compared
 * with, made once per test JVM and shared by the test classes.
 */
final class ClusterRuns implements AutoCloseable {
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

    private static Path reference;

    final Path dir;
    final Path config;
    final Path out;
    final ClusterProcesses processes;
    final JobSubmit submit;
    /** PID of the submitting JVM of each run. */
    final Map<String, Long> launched = new ConcurrentHashMap<>();

    private ClusterRuns(Path dir) throws IOException {
        this.dir = dir;
        deleteTree(dir);
        Files.createDirectories(dir);
        out = dir.resolve("out");
        config = dir.resolve("cluster.yaml");
        try (InputStream in = ClusterRuns.class.getResourceAsStream("/cluster/cluster.yaml")) {
            Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
        }
        processes = new ClusterProcesses(Files.createDirectories(dir.resolve("logs")));
        submit = new JobSubmit(SparkHome.assembled(), JobSubmit.jobJar());
    }

    /**
     * The build folder of the Spark line under test (skysift.it.dir, set by the pom): each line's cluster tests
     * keep their folders apart, so CI can run the two lines at once.
     */
    static Path itRoot() {
        return Path.of(System.getProperty("skysift.it.dir", "target")).toAbsolutePath();
    }

    static ClusterRuns create(String name) throws IOException {
        ClusterRuns runs = new ClusterRuns(itRoot().resolve("cluster-it").resolve(name));
        System.out.println("cluster: job jar " + runs.submit.jar());
        return runs;
    }

    /** The local[2] run (SparkSubmit, master local[2], cluster.yaml) the cluster runs are compared with. */
    static synchronized Path localReference() throws Exception {
        if (reference == null) {
            try (ClusterRuns runs = new ClusterRuns(itRoot().resolve("cluster-it").resolve("reference"))) {
                Path run = runs.run("local", runs.submit.command("local[2]", null, runs.config, runs.out, "local"));
                assertThat(run.resolve("manifest.json")).exists();
                reference = run;
            }
        }
        return reference;
    }

    /** Runs one submit to its end (killed after RUN_TIMEOUT), checks it exited 0, returns its run folder. */
    Path run(String runId, List<String> command) throws Exception {
        return run(runId, command, submit.env());
    }

    Path run(String runId, List<String> command, Map<String, String> env) throws Exception {
        long t0 = System.nanoTime();
        Process p = processes.start(runId, command, dir.resolve(runId), env);
        launched.put(runId, p.pid());
        int exit = waitFor(p, runId);
        System.out.printf("cluster: run %s took %.1f s (exit %d)%n", runId, secondsSince(t0), exit);
        assertThat(exit).as("exit code of run " + runId + "; log: " + processes.log(runId)).isZero();
        return out.resolve(runId);
    }

    int waitFor(Process p, String name) throws InterruptedException {
        if (!p.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            ClusterProcesses.kill(p);
            throw new AssertionError(name + " still running after " + RUN_TIMEOUT + "; log: " + processes.log(name));
        }
        return p.exitValue();
    }

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Kills every process this class's runs started. */
    @Override
    public void close() {
        processes.close();
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
