package org.skysift.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The schedules in submit/schedule: valid files, the right jar for their runtime, the same job as the launchers. */
@Tag("plain")
class ScheduleFilesTest {
    private static final Path SCHEDULE = Scripts.ROOT.resolve("submit/schedule");
    private static final PomFacts POM = new PomFacts(Scripts.ROOT.resolve("pom.xml"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String jarName(String profile) {
        return Path.of(POM.jobJar(profile)).getFileName().toString();
    }

    @Test
    void dataprocWorkflowTemplateRunsTheSpark35JarOnAnImage22Cluster() throws Exception {
        JsonNode t = new ObjectMapper(new YAMLFactory()).readTree(SCHEDULE.resolve("dataproc-workflow.yaml").toFile());
        JsonNode job = t.at("/jobs/0/sparkJob");
        assertThat(job.get("mainClass").asText()).isEqualTo("org.skysift.cli.SkySift");
        assertThat(job.at("/jarFileUris/0").asText()).endsWith("/" + jarName(null));
        String config = job.at("/fileUris/0").asText();
        assertThat(SubmitScriptsTest.strings(job.get("args")))
                .containsExactly("run", "--config", config.substring(config.lastIndexOf('/') + 1));
        assertThat(job.at("/properties/spark.executor.memory").asText()).isEqualTo("8g");
        // image 2.2 = Spark 3.5 / Scala 2.12, the line of the jar above
        assertThat(t.at("/placement/managedCluster/config/softwareConfig/imageVersion").asText()).startsWith("2.2");
    }

    @Test
    void cloudSchedulerJobPostsToTheTemplatesInstantiateMethod() {
        var r = Scripts.run("schedule/dataproc-schedule.sh", "--project", "p1", "--region", "europe-west1",
                "--service-account", "sched@p1.iam.gserviceaccount.com", "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Scripts.words(r.lines().get(0)).subList(0, 6)).containsExactly("gcloud", "dataproc", "workflow-templates", "import",
                "skysift-nightly", "--project=p1");
        List<String> lines = r.lines();
        List<String> sched = Scripts.words(lines.get(lines.size() - 1));
        assertThat(sched).contains("--schedule=0 2 * * *", "--http-method=POST",
                "--uri=https://dataproc.googleapis.com/v1/projects/p1/regions/europe-west1/workflowTemplates/skysift-nightly:instantiate?alt=json",
                "--oauth-service-account-email=sched@p1.iam.gserviceaccount.com");
    }

    @Test
    void eventBridgeScheduleStartsTheSameJobRunAsEmrSh() throws Exception {
        JsonNode s = JSON.readTree(SCHEDULE.resolve("emr-serverless-schedule.json").toFile());
        assertThat(s.at("/Target/Arn").asText()).isEqualTo("arn:aws:scheduler:::aws-sdk:emrserverless:startJobRun");
        assertThat(s.get("ScheduleExpression").asText()).startsWith("cron(");
        JsonNode input = JSON.readTree(s.at("/Target/Input").asText());
        // one token per scheduled invocation: the scheduler's retries of it cannot start a second run
        assertThat(input.get("clientToken").asText()).isEqualTo("<aws.scheduler.execution-id>");

        var r = Scripts.run("emr.sh", "serverless", "--application-id", input.get("applicationId").asText(),
                "--execution-role-arn", input.get("executionRoleArn").asText(), "--runtime", "emr-7.13.0",
                "--bucket", "s3://YOUR-BUCKET/skysift", "--config", "conf/cloud-s3a.yaml", "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> w = Scripts.words(r.lines().get(r.lines().size() - 1));
        JsonNode driver = JSON.readTree(w.get(w.indexOf("--job-driver") + 1));
        assertThat(input.get("jobDriver")).isEqualTo(driver);
        assertThat(driver.at("/sparkSubmit/entryPoint").asText()).endsWith("/" + jarName(null));
    }

    @Test
    void airflowDagCompilesAndNamesTheJarsOfThisVersion() throws Exception {
        assumeTrue(Scripts.exec(List.of("python3", "--version"), Map.of()).exit() == 0, "python3 not installed");
        Path dag = SCHEDULE.resolve("skysift_dag.py");
        Path cache = Files.createTempDirectory("dag-pycache");
        var r = Scripts.exec(List.of("python3", "-m", "py_compile", dag.toString()), Map.of("PYTHONPYCACHEPREFIX", cache.toString()));
        assertThat(r.exit()).as(r.err()).isZero();

        String text = Files.readString(dag);
        Matcher v = Pattern.compile("(?m)^VERSION = \"([^\"]+)\"").matcher(text);
        assertThat(v.find()).isTrue();
        assertThat(v.group(1)).as("VERSION in the DAG vs pom.xml").isEqualTo(POM.version());
        String template = "skysift-{VERSION}-";
        assertThat(text).contains("DataprocSubmitJobOperator", "EmrServerlessStartJobOperator",
                "\"main_class\": MAIN_CLASS", "MAIN_CLASS = \"org.skysift.cli.SkySift\"");
        // Dataproc image 2.2/2.3 runs the spark3.5_2.12 jar, emr-spark-8 the spark4_2.13 one
        assertThat(jarName(null)).isEqualTo(template.replace("{VERSION}", POM.version()) + "spark3.5_2.12-job.jar");
        assertThat(text).contains(template + "spark3.5_2.12-job.jar", template + "spark4_2.13-job.jar");
    }
}
