package org.skysift.pipeline;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.skysift.acquire.FetchPolicy;
import org.skysift.acquire.RecordingSleeper;
import org.skysift.config.ConfigLoader;

/** VizieR requests share the image client's rules: Retry-After honoured on 429, HTML error pages retried. */
@Tag("plain")
class CatalogFetcherTest {
    @Test
    void retryAfterIsHonouredAndHtmlWithStatus200IsNotACatalogue() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            int n = calls.incrementAndGet();
            String path = ex.getRequestURI().getPath();
            byte[] body;
            int status;
            if (path.startsWith("/busy") && n == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                status = 429;
                body = "slow down".getBytes(StandardCharsets.UTF_8);
            } else if (path.startsWith("/html")) {
                status = 200;
                body = "<!DOCTYPE html><html><body>Service unavailable</body></html>".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = "#\nSource\tRA_ICRS\n\tdeg\n------\t------\n1\t10.0\n".getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            var config = ConfigLoader.fromYamlString("image: {retries: 2, backoff: 0.01}");
            RecordingSleeper sleeper = new RecordingSleeper();
            var fetcher = Stages.catalogFetcher(config, new org.apache.hadoop.conf.Configuration(), sleeper);
            var r = fetcher.get(URI.create(base + "/busy/asu-tsv"));
            assertThat(r.text()).contains("RA_ICRS");
            assertThat(calls.get()).isEqualTo(2);
            assertThat(sleeper.sleeps()).containsExactly(1000L); // the second the server asked for, not the backoff
            calls.set(0);
            assertThatThrownBy(() -> fetcher.get(URI.create(base + "/html/asu-tsv"))).hasMessageContaining("HTML");
            assertThat(calls.get()).isEqualTo(3); // first attempt and two retries
            // the two waits before the retries: full jitter below the policy's bound for each retry
            FetchPolicy policy = FetchPolicy.of(2, 0.01, config.reference().timeoutS(), config.image().maxBytes());
            assertThat(sleeper.sleeps()).hasSize(3);
            assertThat(sleeper.sleeps().get(1)).isBetween(0L, policy.backoffBoundMs(0));
            assertThat(sleeper.sleeps().get(2)).isBetween(0L, policy.backoffBoundMs(1));
        } finally {
            server.stop(0);
        }
    }
}
