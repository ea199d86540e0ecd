package org.skysift.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java <flags> -cp <this test JVM's classpath> org.skysift.cli.SkySift <args>}: the CLI in a JVM of its
 * own without a packaged jar, so a test can SIGKILL a driver (the default suite's way; the cluster profile
 * submits the job jar with JobSubmit instead).
 */
final class CliJvm {
    private CliJvm() {}

    /** @param systemProperties e.g. "spark.speculation=true" (SparkConf reads spark.* system properties) */
    static List<String> skysift(List<String> systemProperties, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", SparkHome.SHORT_JVM));
        cmd.addAll(List.of(SparkHome.moduleFlags().split(" ")));
        systemProperties.forEach(p -> cmd.add("-D" + p));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.skysift.cli.SkySift"));
        cmd.addAll(args);
        return cmd;
    }
}
