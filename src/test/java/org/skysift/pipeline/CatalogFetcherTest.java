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
            var fetcher = Stages.catalogFetcher(ConfigLoader.fromYamlString("image: {retries: 2, backoff: 0.01}"),
                    new org.apache.hadoop.conf.Configuration());
            long t0 = System.nanoTime();
            var r = fetcher.get(URI.create(base + "/busy/asu-tsv"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.text()).contains("RA_ICRS");
            assertThat(calls.get()).isEqualTo(2);
            assertThat(ms).isGreaterThanOrEqualTo(950); // waited the second the server asked for
            calls.set(0);
            assertThatThrownBy(() -> fetcher.get(URI.create(base + "/html/asu-tsv"))).hasMessageContaining("HTML");
            assertThat(calls.get()).isEqualTo(3); // first attempt and two retries
        } finally {
            server.stop(0);
        }
    }
}
