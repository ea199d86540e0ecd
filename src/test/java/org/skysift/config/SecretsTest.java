package org.skysift.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class SecretsTest {
    @Test
    void credentialNamedKeysAreSecretWhateverTheirSpelling() {
        for (String k : List.of("fs.s3a.secret.key", "fs.s3a.access.key", "spark.hadoop.fs.s3a.session.token", "password",
                "db_passwd", "API_KEY", "apiKey", "fs.azure.account.key.x.credential", "client-secret", "X-Amz-Signature")) {
            assertThat(Secrets.isSecretKey(k)).as(k).isTrue();
        }
        for (String k : List.of("output", "image.endpoint", "fs.s3a.endpoint", "targets.path", "spark.master", "tile_arcmin")) {
            assertThat(Secrets.isSecretKey(k)).as(k).isFalse();
        }
    }

    @Test
    void urlPasswordsAndCredentialParametersAreMaskedTheRestKept() {
        assertThat(Secrets.redactText("https://user:hunter2@example.org/dss?ra=10&token=abc123&dec=-5"))
                .isEqualTo("https://user:***@example.org/dss?ra=10&token=***&dec=-5");
        // a lone userinfo is a token: masked whole
        assertThat(Secrets.redactText("https://ghp_0123456789@host/x")).isEqualTo("https://***@host/x");
        assertThat(Secrets.redactText("https://acct.blob.example/c?sv=2020&sig=AbC%2Fd&se=2030"))
                .isEqualTo("https://acct.blob.example/c?sv=2020&sig=***&se=2030");
        assertThat(Secrets.redactText("s3a://b/k?X-Amz-Credential=AKIA/2026&X-Amz-Signature=ff00"))
                .isEqualTo("s3a://b/k?X-Amz-Credential=***&X-Amz-Signature=***");
        // nothing secret: unchanged
        for (String s : List.of("https://archive.eso.org/dss/dss?ra=1&dec=2&mime-type=download-fits",
                "hdfs://namenode:8020/data/run", "file:/tmp/out", "user@example.org is not a URL")) {
            assertThat(Secrets.redactText(s)).isEqualTo(s);
        }
        assertThat(Secrets.redactText("-Xmx4g -Dfs.s3a.secret.key=AbC -Dspark.app.name=x,db.password=pw"))
                .isEqualTo("-Xmx4g -Dfs.s3a.secret.key=*** -Dspark.app.name=x,db.password=***");
        assertThat(Secrets.redactText(null)).isNull();
    }

    @Test
    void aConfigTreeIsMaskedDeeplyAndLeftAloneOtherwise() throws Exception {
        JsonNode tree = ConfigLoader.json().readTree("""
                {"image": {"endpoint": ["https://u:pw1@h/a?token=t1", "https://h/b"], "retries": 5},
                 "reference": {"endpoint": "https://h/viz?api_key=k1", "cache": "file:/c"},
                 "extra": {"access_key": "AKIA1", "session_token": null, "nested": [{"password": 7}]}}""");
        JsonNode r = Secrets.redact(tree);
        assertThat(r.toString()).doesNotContain("pw1", "t1", "k1", "AKIA1", "7}");
        assertThat(r.at("/image/endpoint/0").asText()).isEqualTo("https://u:***@h/a?token=***");
        assertThat(r.at("/image/endpoint/1").asText()).isEqualTo("https://h/b");
        assertThat(r.at("/image/retries").asInt()).isEqualTo(5);
        assertThat(r.at("/reference/cache").asText()).isEqualTo("file:/c");
        assertThat(r.at("/extra/access_key").asText()).isEqualTo(Secrets.MASK);
        assertThat(r.at("/extra/session_token").isNull()).isTrue();
        assertThat(r.at("/extra/nested/0/password").asText()).isEqualTo(Secrets.MASK);
        // the original is untouched
        assertThat(tree.at("/extra/access_key").asText()).isEqualTo("AKIA1");
    }

    @Test
    void propertiesAreSortedAndMasked() {
        Map<String, String> r = Secrets.redact(List.of(Map.entry("fs.s3a.secret.key", "SSS"),
                Map.entry("fs.defaultFS", "hdfs://u:pw@nn:8020"), Map.entry("a.b", "plain")));
        assertThat(r).containsExactly(Map.entry("a.b", "plain"), Map.entry("fs.defaultFS", "hdfs://u:***@nn:8020"),
                Map.entry("fs.s3a.secret.key", Secrets.MASK));
    }
}
