package org.skysift.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark home laid out as a Spark distribution's: {@code jars/} holds spark-core, spark-sql and their
 * transitive dependencies as Maven resolved them (the cluster profile's copy-dependencies executions fill
 * {@code target/spark-home-<spark version>/jars}), {@code conf/log4j2.properties} is written here from the
 * test resources. Workers get it as SPARK_HOME: they build their executors' (and cluster-mode drivers')
 * classpath from its jars/ and conf/.
 */
final class SparkHome {
    private final Path home;

    private SparkHome(Path home) {
        this.home = home;
    }

    /**
     * The home the cluster profile assembled (system property skysift.spark.home, set by the profile),
     * checked: its jars/ must hold the Spark the tests compiled against.
     */
    static SparkHome assembled() {
        String given = System.getProperty("skysift.spark.home");
        if (given == null || given.isBlank()) {
            throw new IllegalStateException("skysift.spark.home is not set: run the cluster tests with `mvn -Pcluster verify`");
        }
        Path home = Path.of(given).toAbsolutePath();
        Path jars = home.resolve("jars");
        List<String> cores = list(jars, "spark-core_");
        String expected = "spark-core_" + scalaBinary() + "-" + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ".jar";
        if (!cores.equals(List.of(expected))) {
            throw new IllegalStateException(jars + " should hold exactly " + expected + " but holds " + cores
                    + ": `mvn -Pcluster process-test-resources` assembles it");
        }
        writeLogConfig(home.resolve("conf"));
        return new SparkHome(home);
    }

    Path path() {
        return home;
    }

    /**
     * conf/ first (log4j2.properties), then every jar, then the Hadoop config folders (HADOOP_CONF_DIR,
     * YARN_CONF_DIR), as bin/spark-class puts them.
     */
    String classpath(Path... hadoopConfDirs) {
        StringBuilder cp = new StringBuilder().append(home.resolve("conf")).append(java.io.File.pathSeparator)
                .append(home.resolve("jars")).append("/*");
        for (Path dir : hadoopConfDirs) {
            cp.append(java.io.File.pathSeparator).append(dir);
        }
        return cp.toString();
    }

    /**
     * For the tests' short-lived JVMs (drivers, executors, Master, Workers, each up for a minute or two): the
     * client compiler only. On 2 busy cores C2's compiler threads cost more than they save in such a JVM: a
     * fresh CLI JVM running 8 tiles of 30' on local[2] took 41-46 s of CPU with it, 20-25 s without (Java's
     * strict floating point makes the results the same either way).
     */
    static final String SHORT_JVM = "-XX:TieredStopAtLevel=1";

    /** {@code java <heap> <short-JVM flag> <module flags> -cp <home>[:<hadoop conf dirs>] <main> <args>}. */
    List<String> java(String heap, String mainClass, List<String> args, Path... hadoopConfDirs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add(SHORT_JVM);
        cmd.addAll(List.of(moduleFlags().split(" ")));
        cmd.add("-cp");
        cmd.add(classpath(hadoopConfDirs));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * {@link #SHORT_JVM} for the JVMs Spark launches (cluster-mode drivers, executors): as the default Java
     * options, which Spark puts before spark.*.extraJavaOptions, so a submit's own options stay as they are.
     */
    static List<String> shortJvmConf() {
        return List.of("spark.driver.defaultJavaOptions=" + SHORT_JVM, "spark.executor.defaultJavaOptions=" + SHORT_JVM);
    }

    /** The --add-opens list Spark itself adds to the JVMs it launches on Java 17. */
    static String moduleFlags() {
        return JavaModuleOptions.defaultModuleOptions();
    }

    static String scalaBinary() {
        return scala.util.Properties.versionNumberString().replaceAll("^(\\d+\\.\\d+).*", "$1");
    }

    private static List<String> list(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeLogConfig(Path conf) {
        try (InputStream in = SparkHome.class.getResourceAsStream("/cluster/log4j2.properties")) {
            Files.createDirectories(conf);
            Files.copy(in, conf.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
