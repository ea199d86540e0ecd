package org.skysift.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** Every launcher's --dry-run: the exact command, the jar for the runtime's Spark/Scala line, the exit codes. */
class SubmitScriptsTest {
    private static final String MAIN = "org.skysift.cli.SkySift";
    private static final PomFacts POM = new PomFacts(Scripts.ROOT.resolve("pom.xml"));
    // the job jars as pom.xml names them (default build, -Pspark4)
    private static final String JAR3 = POM.jobJar(null);
    private static final String JAR4 = POM.jobJar("spark4");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jarNamesFollowTheSparkAndScalaLine() {
        assertThat(JAR3).isEqualTo("target/skysift-" + POM.version() + "-spark3.5_2.12-job.jar");
        assertThat(JAR4).isEqualTo("target/spark4/skysift-" + POM.version() + "-spark4_2.13-job.jar");
    }

    @Test
    void localMasterRunsTheSpark35JarWithTheConfigInPlace() {
        var r = Scripts.run("spark-submit.sh", "--config", "conf/local.yaml", "--dry-run", "--set", "output=file:/tmp/x y");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.command("spark-submit")).containsExactly("spark-submit", "--master", "local[*]", "--deploy-mode", "client",
                "--name", "skysift", "--class", MAIN, "--conf", "spark.driver.memory=4g",
                JAR3, "run", "--config", "conf/local.yaml", "--set", "output=file:/tmp/x y");
    }

    @Test
    void standaloneClusterModeGivesTheDriverTheModuleFlagsOfItsSparkLine() {
        // the Spark on the test classpath: its launcher lists the flags its line needs on Java 17
        String spark = sparkVersionOnClasspath();
        String jar = spark.startsWith("4.") ? JAR4 : JAR3;
        var r = Scripts.run("standalone.sh", "--master", "spark://10.1.2.3:7077", "--deploy-mode", "cluster",
                "--runtime", spark, "--config", "conf/local.yaml", "--executor-memory", "2g", "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> w = r.command("spark-submit");
        assertThat(w.subList(0, 9)).containsExactly("spark-submit", "--master", "spark://10.1.2.3:7077", "--deploy-mode", "cluster",
                "--name", "skysift", "--class", MAIN);
        // Spark 4.2 lists a Java 23+ launcher option that a Java 17 JVM refuses (java exits "Unrecognized option")
        String flags = JavaModuleOptions.defaultModuleOptions().replace(" --sun-misc-unsafe-memory-access=allow", "");
        assertThat(confs(w)).containsExactly("spark.driver.extraJavaOptions=" + flags,
                "spark.executor.memory=2g", "spark.executor.cores=4", "spark.driver.memory=4g");
        // no shipping on standalone: absolute paths that every worker must see
        assertThat(w.subList(w.size() - 4, w.size())).containsExactly(
                Scripts.ROOT.resolve(jar).toString(), "run", "--config", Scripts.ROOT.resolve("conf/local.yaml").toString());
    }

    @Test
    void yarnShipsTheConfigAndPassesTheRestToSkysiftRun() {
        var r = Scripts.run("yarn.sh", "--config", "conf/cloud-s3a.yaml", "--queue", "science", "--num-executors", "6",
                "--dry-run", "--", "--run-id", "r1");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> w = r.command("spark-submit");
        assertThat(w).containsSubsequence("--master", "yarn", "--deploy-mode", "cluster");
        assertThat(confs(w)).contains("spark.executor.memory=8g", "spark.executor.cores=4", "spark.executor.instances=6",
                "spark.yarn.queue=science");
        // YARN starts its application master with the module flags itself; a value here would replace the cluster's
        assertThat(confs(w)).noneMatch(c -> c.startsWith("spark.driver.extraJavaOptions"));
        assertThat(w.subList(w.size() - 8, w.size())).containsExactly("--files", "conf/cloud-s3a.yaml", JAR3,
                "run", "--config", "cloud-s3a.yaml", "--run-id", "r1");

        var four = Scripts.run("yarn.sh", "--config", "conf/cloud-s3a.yaml", "--runtime", "4.0.2", "--dry-run");
        assertThat(four.command("spark-submit")).contains(JAR4).doesNotContain(JAR3);
    }

    @Test
    void kubernetesUsesTheJarInTheImageAndShipsOrReadsTheConfig() {
        String jarName = Path.of(JAR4).getFileName().toString();
        var baked = Scripts.run("k8s.sh", "--master", "k8s://https://10.0.0.1:6443", "--image", "reg/skysift:spark4",
                "--runtime", "4.1", "--config", "local:///opt/skysift/conf/cloud-s3a.yaml", "--dry-run");
        assertThat(baked.exit()).as(baked.err()).isZero();
        List<String> w = baked.command("spark-submit");
        assertThat(confs(w)).contains("spark.kubernetes.container.image=reg/skysift:spark4", "spark.executor.instances=2");
        assertThat(w).doesNotContain("--files");
        assertThat(w.subList(w.size() - 4, w.size())).containsExactly("local:///opt/skysift/" + jarName,
                "run", "--config", "/opt/skysift/conf/cloud-s3a.yaml");

        var shipped = Scripts.run("k8s.sh", "--master", "k8s://https://10.0.0.1:6443", "--image", "reg/skysift:spark3",
                "--config", "conf/cloud-s3a.yaml", "--upload-path", "s3a://b/upload", "--dry-run");
        List<String> s = shipped.command("spark-submit");
        assertThat(confs(s)).contains("spark.kubernetes.file.upload.path=s3a://b/upload");
        assertThat(s).containsSubsequence("--files", "conf/cloud-s3a.yaml",
                "local:///opt/skysift/" + Path.of(JAR3).getFileName(), "run", "--config", "cloud-s3a.yaml");

        var nowhere = Scripts.run("k8s.sh", "--master", "k8s://https://10.0.0.1:6443", "--image", "i",
                "--config", "conf/cloud-s3a.yaml", "--dry-run");
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).contains("--upload-path");
    }

    @Test
    void dataprocJobPicksTheJarByImageVersion() {
        var r = Scripts.run("dataproc.sh", "job", "--cluster", "c1", "--region", "europe-west1", "--runtime", "2.2",
                "--config", "conf/cloud-gcs.yaml", "--dry-run", "--set", "targets.count=5");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.command("gcloud")).containsExactly("gcloud", "dataproc", "jobs", "submit", "spark",
                "--cluster=c1", "--region=europe-west1", "--class=" + MAIN, "--jars=" + JAR3,
                "--files=conf/cloud-gcs.yaml",
                "--properties=spark.executor.memory=8g,spark.executor.cores=4,spark.driver.memory=4g",
                "--", "run", "--config", "cloud-gcs.yaml", "--set", "targets.count=5");

        var three = Scripts.run("dataproc.sh", "job", "--cluster", "c1", "--region", "r", "--runtime", "3.0-debian12",
                "--config", "gs://b/c.yaml", "--dry-run");
        assertThat(three.command("gcloud")).contains("--jars=" + JAR4, "--files=gs://b/c.yaml");
    }

    @Test
    void dataprocServerlessBatchPassesTheRuntimeVersion() {
        var r = Scripts.run("dataproc.sh", "batch", "--region", "us-central1", "--runtime", "3.0", "--bucket", "gs://b/deps",
                "--config", "gs://b/conf/cloud-gcs.yaml", "--conf", "spark.dynamicAllocation.maxExecutors=20",
                "--conf", "spark.x=a,b", "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.command("gcloud")).containsExactly("gcloud", "dataproc", "batches", "submit", "spark",
                "--region=us-central1", "--version=3.0", "--deps-bucket=gs://b/deps", "--class=" + MAIN,
                "--jars=" + JAR4, "--files=gs://b/conf/cloud-gcs.yaml",
                // a value with a comma switches gcloud's list delimiter to #
                "--properties=^#^spark.executor.memory=8g#spark.executor.cores=4#spark.driver.memory=4g"
                        + "#spark.dynamicAllocation.maxExecutors=20#spark.x=a,b",
                "--", "run", "--config", "cloud-gcs.yaml");
    }

    @Test
    void dataprocServerlessSpark35OnScala213SaysWhichJarIsMissing() {
        for (String v : List.of("2.2", "2.3")) {
            var r = Scripts.run("dataproc.sh", "batch", "--region", "r", "--runtime", v, "--bucket", "gs://b",
                    "--config", "gs://b/c.yaml", "--dry-run");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("Spark 3.5 on Scala 2.13", "spark3.5_2.13", "--runtime 3.0");
        }
        // a jar the user built for that line is taken as given
        var own = Scripts.run("dataproc.sh", "batch", "--region", "r", "--runtime", "2.3", "--jar", "gs://b/own-2.13.jar",
                "--config", "gs://b/c.yaml", "--dry-run");
        assertThat(own.exit()).as(own.err()).isZero();
        assertThat(own.command("gcloud")).contains("--version=2.3", "--jars=gs://b/own-2.13.jar");
    }

    @Test
    void emrStepCopiesLocalFilesAndRunsSparkSubmitInClusterMode() throws Exception {
        var r = Scripts.run("emr.sh", "step", "--cluster-id", "j-2AXXXXXXGAPLF", "--runtime", "emr-7.13.0",
                "--bucket", "s3://b/skysift/", "--config", "conf/cloud-s3a.yaml", "--dry-run", "--set", "targets.count=9");
        assertThat(r.exit()).as(r.err()).isZero();
        String jarName = Path.of(JAR3).getFileName().toString();
        assertThat(r.lines()).hasSize(3);
        assertThat(Scripts.words(r.lines().get(0))).containsExactly("aws", "s3", "cp", JAR3, "s3://b/skysift/jars/" + jarName);
        assertThat(Scripts.words(r.lines().get(1))).containsExactly("aws", "s3", "cp", "conf/cloud-s3a.yaml",
                "s3://b/skysift/conf/cloud-s3a.yaml");
        List<String> w = Scripts.words(r.lines().get(2));
        assertThat(w.subList(0, 5)).containsExactly("aws", "emr", "add-steps", "--cluster-id", "j-2AXXXXXXGAPLF");
        JsonNode step = JSON.readTree(w.get(w.indexOf("--steps") + 1)).get(0);
        assertThat(step.get("Jar").asText()).isEqualTo("command-runner.jar");
        assertThat(strings(step.get("Args"))).containsExactly("spark-submit", "--deploy-mode", "cluster", "--name", "skysift",
                "--class", MAIN, "--conf", "spark.executor.memory=8g", "--conf", "spark.executor.cores=4",
                "--conf", "spark.driver.memory=4g", "--files", "s3://b/skysift/conf/cloud-s3a.yaml",
                "s3://b/skysift/jars/" + jarName, "run", "--config", "cloud-s3a.yaml", "--set", "targets.count=9");
    }

    @Test
    void emrServerlessJobRunCarriesTheSparkSubmitJobDriver() throws Exception {
        var r = Scripts.run("emr.sh", "serverless", "--application-id", "00fabcdef", "--execution-role-arn",
                "arn:aws:iam::123456789012:role/skysift", "--release-label", "emr-spark-8.0.0",
                "--bucket", "s3://b/p", "--config", "s3://b/conf/c.yaml", "--executor-memory", "12g", "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        String jarName = Path.of(JAR4).getFileName().toString();
        // the jar is local, so it is copied; the config is already on S3
        assertThat(r.lines()).hasSize(2);
        assertThat(Scripts.words(r.lines().get(0))).containsExactly("aws", "s3", "cp", JAR4, "s3://b/p/jars/" + jarName);
        List<String> w = Scripts.words(r.lines().get(1));
        assertThat(w).containsSubsequence("aws", "emr-serverless", "start-job-run", "--application-id", "00fabcdef",
                "--execution-role-arn", "arn:aws:iam::123456789012:role/skysift");
        JsonNode submit = JSON.readTree(w.get(w.indexOf("--job-driver") + 1)).get("sparkSubmit");
        assertThat(submit.get("entryPoint").asText()).isEqualTo("s3://b/p/jars/" + jarName);
        assertThat(strings(submit.get("entryPointArguments"))).containsExactly("run", "--config", "c.yaml");
        assertThat(submit.get("sparkSubmitParameters").asText()).isEqualTo("--class " + MAIN
                + " --files s3://b/conf/c.yaml --conf spark.executor.memory=12g --conf spark.executor.cores=4"
                + " --conf spark.driver.memory=4g");
    }

    @Test
    void unknownRuntimesStopWithExitCode2AndSayWhatIsKnown() {
        record Case(String script, List<String> args, String runtime) {}
        List<Case> cases = List.of(
                new Case("spark-submit.sh", List.of(), "3.4.1"),
                new Case("standalone.sh", List.of(), "2.4.8"),
                new Case("yarn.sh", List.of(), "5.0"),
                new Case("k8s.sh", List.of("--master", "k8s://https://h:443", "--image", "i"), "3.3"),
                new Case("dataproc.sh", List.of("job", "--cluster", "c", "--region", "r"), "1.5"),
                new Case("dataproc.sh", List.of("batch", "--region", "r", "--bucket", "gs://b"), "9.9"),
                new Case("emr.sh", List.of("step", "--cluster-id", "j-1", "--bucket", "s3://b"), "emr-6.15.0"),
                new Case("emr.sh", List.of("serverless", "--application-id", "a", "--execution-role-arn", "r"), "7.0.0"));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(c.args());
            args.addAll(List.of("--runtime", c.runtime(), "--config", "s3a://b/c.yaml", "--dry-run"));
            var r = Scripts.run(c.script(), args.toArray(String[]::new));
            assertThat(r.exit()).as(c + ": " + r.err()).isEqualTo(2);
            assertThat(r.out()).as(c.toString()).isEmpty();
            assertThat(r.err()).as(c.toString()).contains("unknown", "'" + c.runtime() + "'", "Scala");
        }
    }

    @Test
    void aMissingConfigOrBadOptionIsExitCode2() {
        var r = Scripts.run("spark-submit.sh", "--dry-run");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--config FILE is required");
        var mode = Scripts.run("yarn.sh", "--config", "c.yaml", "--deploy-mode", "sideways", "--dry-run");
        assertThat(mode.exit()).isEqualTo(2);
        assertThat(mode.err()).contains("sideways");
        var dangling = Scripts.run("spark-submit.sh", "--config");
        assertThat(dangling.exit()).isEqualTo(2);
        assertThat(dangling.err()).contains("--config needs a value");
    }

    @Test
    void dryRunsNeedNoSparkNorCloudCli() throws Exception {
        // a PATH holding only the basic tools the scripts use: no spark-submit, gcloud or aws
        Path bin = Files.createTempDirectory("submit-bin");
        List<String> tools = List.of("bash", "sed", "basename", "dirname", "paste", "grep", "head", "cat");
        try {
            for (String tool : tools) {
                Path real = Path.of("/usr/bin", tool);
                Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
            }
            dryRunsWithPath(bin);
        } finally {
            for (String tool : tools) {
                Files.deleteIfExists(bin.resolve(tool));
            }
            Files.delete(bin);
        }
    }

    private static void dryRunsWithPath(Path bin) {
        Map<String, String> env = Map.of("PATH", bin.toString());
        var gcloud = Scripts.run("dataproc.sh", env, "job", "--cluster", "c", "--region", "r", "--runtime", "2.3",
                "--config", "conf/cloud-gcs.yaml", "--dry-run");
        assertThat(gcloud.exit()).as(gcloud.err()).isZero();
        var aws = Scripts.run("emr.sh", env, "step", "--cluster-id", "j-1", "--runtime", "emr-7.13.0", "--bucket", "s3://b",
                "--config", "conf/cloud-s3a.yaml", "--dry-run");
        assertThat(aws.exit()).as(aws.err()).isZero();
        var yarn = Scripts.run("yarn.sh", env, "--config", "conf/cloud-s3a.yaml", "--dry-run");
        assertThat(yarn.exit()).as(yarn.err()).isZero();
        // without --dry-run the missing CLI is named
        var real = Scripts.run("dataproc.sh", env, "job", "--cluster", "c", "--region", "r", "--runtime", "2.3",
                "--config", "conf/cloud-gcs.yaml", "--jar", "gs://b/j.jar");
        assertThat(real.exit()).isEqualTo(2);
        assertThat(real.err()).contains("gcloud not found");
    }

    static List<String> confs(List<String> words) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < words.size() - 1; i++) {
            if (words.get(i).equals("--conf")) {
                c.add(words.get(i + 1));
            }
        }
        return c;
    }

    static List<String> strings(JsonNode array) {
        List<String> s = new ArrayList<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    static String sparkVersionOnClasspath() {
        try {
            Object pkg = Class.forName("org.apache.spark.package$").getField("MODULE$").get(null);
            return (String) pkg.getClass().getMethod("SPARK_VERSION").invoke(pkg);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
