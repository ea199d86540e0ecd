package org.skysift.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code spark-submit --class org.skysift.cli.SkySift <job jar> run --config <file> --set output=... --set
 * run_id=...} as a user types it, run as {@code java -cp <spark home> org.apache.spark.deploy.SparkSubmit}
 * (what bin/spark-submit execs).
 */
final class JobSubmit {
    static final String DRIVER_HEAP = "1g";
    static final String EXECUTOR_MEMORY = "1g";

    private final SparkHome home;
    private final Path jobJar;

    JobSubmit(SparkHome home, Path jobJar) {
        this.home = home;
        this.jobJar = jobJar;
    }

    /**
     * The command for one run. {@code deployMode} is null for a local master. The launching JVM gets the
     * module flags itself (in client mode it is the driver); spark.driver.extraJavaOptions carries them (and
     * {@link SparkHome#SHORT_JVM}, which a standalone Master's driver command takes from there only) to the
     * driver a Worker starts in cluster mode.
     */
    List<String> command(String master, String deployMode, Path config, Path output, String runId, String... conf) {
        return command(master, deployMode, config, output.toUri().toString(), runId, conf);
    }

    /** {@link #command(String, String, Path, Path, String, String...)} with the output folder on any file system. */
    List<String> command(String master, String deployMode, Path config, String output, String runId, String... conf) {
        List<String> args = new ArrayList<>(List.of("--master", master));
        if (deployMode != null) {
            args.addAll(List.of("--deploy-mode", deployMode, "--executor-memory", EXECUTOR_MEMORY,
                    "--driver-memory", DRIVER_HEAP));
        }
        // (Spark adds the same flags to the executors it launches by itself)
        args.addAll(List.of("--conf", "spark.driver.extraJavaOptions=" + SparkHome.moduleFlags() + " " + SparkHome.SHORT_JVM,
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false"));
        for (String c : SparkHome.shortJvmConf()) {
            args.addAll(List.of("--conf", c));
        }
        for (String c : conf) {
            args.addAll(List.of("--conf", c));
        }
        args.addAll(List.of("--class", "org.skysift.cli.SkySift", jobJar.toString(),
                "run", "--config", config.toString(), "--set", "output=" + output, "--set", "run_id=" + runId));
        return sparkSubmit(args);
    }

    /**
     * SparkSubmit with {@code args} (a spark-submit command line's words after the program name). The
     * Hadoop config folders go on its classpath as bin/spark-class puts HADOOP_CONF_DIR there; give them
     * to the process's environment too ({@link #env(Path)}).
     */
    List<String> sparkSubmit(List<String> args, Path... hadoopConfDirs) {
        return home.java(DRIVER_HEAP, "org.apache.spark.deploy.SparkSubmit", args, hadoopConfDirs);
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, String> env() {
        return Map.of("SPARK_HOME", home.path().toString(), "SPARK_SCALA_VERSION", SparkHome.scalaBinary());
    }

    /** {@link #env()} with a YARN cluster's client config as HADOOP_CONF_DIR and YARN_CONF_DIR. */
    Map<String, String> env(Path hadoopConf) {
        Map<String, String> env = new java.util.HashMap<>(env());
        env.put("HADOOP_CONF_DIR", hadoopConf.toString());
        env.put("YARN_CONF_DIR", hadoopConf.toString());
        return env;
    }

    Path jar() {
        return jobJar;
    }

    SparkHome home() {
        return home;
    }

    /**
     * The job jar `mvn package` built for this Spark line: the newest target/skysift-*-job.jar, the spark4
     * one only when the tests run on Spark 4 (skysift.job.jar overrides).
     */
    static Path jobJar() {
        String given = System.getProperty("skysift.job.jar");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        boolean spark4 = org.apache.spark.package$.MODULE$.SPARK_VERSION().startsWith("4.");
        Path target = Path.of("target").toAbsolutePath();
        try (Stream<Path> s = Files.list(target)) {
            List<Path> jars = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("skysift-") && n.endsWith("-job.jar") && n.contains("spark4") == spark4;
            }).toList();
            // the newest: a jar left from before a rename of the build's jars may still lie beside it
            return jars.stream().max(java.util.Comparator.comparing(JobSubmit::modified)).orElseThrow(() ->
                    new IllegalStateException("no job jar for Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                            + " in " + target + ": run `mvn -DskipTests package` first (or mvn -Pcluster verify)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
    }
}
