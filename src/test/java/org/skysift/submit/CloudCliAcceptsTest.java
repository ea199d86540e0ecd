package org.skysift.submit;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where gcloud or aws is installed, the printed commands go to the real CLI with no account and an empty
 * configuration: each CLI checks its flags and parameters first and must get as far as asking for
 * credentials. Nothing reaches a network (aws is pointed at a closed port on 127.0.0.1; gcloud stops
 * before any call without an account). Skipped when the CLI is missing.
 */
@Tag("plain")
class CloudCliAcceptsTest {
    private static boolean installed(String cli) {
        return Scripts.exec(List.of("bash", "-c", "command -v " + cli), Map.of()).exit() == 0;
    }

    @Test
    void awsAcceptsTheEmrCommandsAndTheSchedule() throws Exception {
        assumeTrue(installed("aws"), "aws CLI not installed");
        Path empty = Files.createTempFile("aws-empty", ".cfg");
        try {
            Map<String, String> env = new HashMap<>(Map.of("AWS_CONFIG_FILE", empty.toString(), "AWS_SHARED_CREDENTIALS_FILE",
                    empty.toString(), "AWS_EC2_METADATA_DISABLED", "true", "AWS_DEFAULT_REGION", "us-east-1"));
            for (String v : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                    "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
                env.put(v, null);
            }
            var step = Scripts.run("emr.sh", "step", "--cluster-id", "j-2AXXXXXXGAPLF", "--runtime", "emr-7.13.0",
                    "--jar", "s3://b/j.jar", "--config", "s3://b/c.yaml", "--dry-run");
            var serverless = Scripts.run("emr.sh", "serverless", "--application-id", "00fabcdefghijklm",
                    "--execution-role-arn", "arn:aws:iam::123456789012:role/skysift", "--runtime", "emr-spark-8.0.0",
                    "--jar", "s3://b/j.jar", "--config", "s3://b/c.yaml", "--log-uri", "s3://b/logs/", "--dry-run");
            List<List<String>> commands = new ArrayList<>(List.of(Scripts.words(step.out().strip()),
                    Scripts.words(serverless.out().strip())));
            commands.add(List.of("aws", "scheduler", "create-schedule", "--cli-input-json",
                    "file://" + Scripts.ROOT.resolve("submit/schedule/emr-serverless-schedule.json")));
            for (List<String> c : commands) {
                List<String> w = new ArrayList<>(c);
                w.addAll(1, List.of("--endpoint-url", "http://127.0.0.1:9"));
                var r = Scripts.exec(w, env);
                assertThat(r.exit()).as(String.join(" ", c)).isNotZero();
                assertThat(r.err()).as(String.join(" ", c)).contains("Unable to locate credentials")
                        .doesNotContain("Unknown parameter", "Invalid", "Missing required");
            }
        } finally {
            Files.delete(empty);
        }
    }

    @Test
    void gcloudAcceptsTheDataprocCommands() throws Exception {
        assumeTrue(installed("gcloud"), "gcloud not installed");
        Path config = Files.createTempDirectory("gcloud-empty");
        try {
            Map<String, String> env = new HashMap<>(Map.of("CLOUDSDK_CONFIG", config.toString(), "CLOUDSDK_CORE_DISABLE_PROMPTS", "1"));
            env.put("CLOUDSDK_CORE_ACCOUNT", null);
            env.put("GOOGLE_APPLICATION_CREDENTIALS", null);
            var job = Scripts.run("dataproc.sh", "job", "--cluster", "c1", "--region", "europe-west1", "--runtime", "2.2",
                    "--jar", "gs://b/j.jar", "--config", "gs://b/c.yaml", "--cli-arg=--project=p1", "--dry-run");
            var batch = Scripts.run("dataproc.sh", "batch", "--region", "europe-west1", "--runtime", "3.0", "--jar", "gs://b/j.jar",
                    "--config", "gs://b/c.yaml", "--conf", "spark.x=a,b", "--cli-arg=--project=p1", "--dry-run");
            var sched = Scripts.run("schedule/dataproc-schedule.sh", "--project", "p1", "--region", "europe-west1",
                    "--service-account", "s@p1.iam.gserviceaccount.com", "--dry-run");
            List<String> lines = new ArrayList<>(List.of(job.out().strip(), batch.out().strip()));
            lines.addAll(sched.lines());
            for (String line : lines) {
                var r = Scripts.exec(Scripts.words(line), env);
                assertThat(r.exit()).as(line).isNotZero();
                assertThat(r.err()).as(line).contains("do not currently have an active account")
                        .doesNotContain("unrecognized arguments", "Invalid value", "argument --");
            }
        } finally {
            try (var files = Files.walk(config)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
