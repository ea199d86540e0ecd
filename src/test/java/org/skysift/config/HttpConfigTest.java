package org.skysift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The http section: its defaults, its checks, and its secrets masked wherever the config is shown. */
@Tag("plain")
class HttpConfigTest {
    static final String SECRET = "SKYSIFT-SECRET-7f3a";

    @Test
    void defaultsAreTenMinutesPerRequestFiveRedirectsAndNoExtraTrust() {
        SkySiftConfig.Http h = SkySiftConfig.defaults().http();
        assertThat(h).isEqualTo(new SkySiftConfig.Http(null, null, null, 600.0, 5));
        SkySiftConfig c = ConfigLoader.fromYamlString("http: {total_timeout_s: 30, max_redirects: 0}");
        assertThat(c.http().totalTimeoutS()).isEqualTo(30.0);
        assertThat(c.http().maxRedirects()).isZero();
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("http: {max_redirects: 21}"))
                .hasMessage("config key 'http.max_redirects' = 21.0: must be between 0 and 20");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("http: {total_timeout_s: 0}"))
                .hasMessageStartingWith("config key 'http.total_timeout_s' = 0.0: must be between 0.1 and ");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("http: {truststore_password: " + SECRET + "}"))
                .hasMessage("config key 'http.truststore_password' is set but http.truststore is not; name the"
                        + " truststore it opens");
        // a token with no endpoint of the user's would go to the public services: refused
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("image: {source: dss}\nhttp: {bearer_token: " + SECRET + "}"))
                .hasMessageStartingWith("config key 'http.bearer_token' is set but no endpoint is")
                .hasMessageNotContaining(SECRET);
        assertThat(ConfigLoader.fromYamlString("image: {source: dss, endpoint: 'https://mirror.example.org/dss'}\n"
                + "http: {bearer_token: " + SECRET + "}").http().bearerToken()).isEqualTo(SECRET);
    }

    @Test
    void theSecretsAreMaskedInTheConfigAsRecordedAndAsPrinted() {
        SkySiftConfig c = ConfigLoader.fromYamlString(String.join("\n",
                "image: {source: dss, endpoint: 'https://survey:" + SECRET + "@mirror.example.org/dss?token=" + SECRET + "'}",
                "http: {truststore: 'file:/etc/skysift/mirror.p12', truststore_password: " + SECRET + ", bearer_token: "
                        + SECRET + "}"));
        String recorded = Secrets.redact(ConfigLoader.toTree(c)).toString();
        assertThat(recorded).doesNotContain(SECRET)
                .contains("\"truststore\":\"file:/etc/skysift/mirror.p12\"", "\"truststore_password\":\"***\"",
                        "\"bearer_token\":\"***\"", "https://survey:***@mirror.example.org/dss?token=***");
        assertThat(c.http().toString()).doesNotContain(SECRET).contains("bearerToken=***");
    }
}
