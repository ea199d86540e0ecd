package org.skysift.acquire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;

/**
 * Network hardening of the one HTTP path every request takes (images and VizieR): TLS verified against
 * a self-signed certificate made here, a total time per request against a server trickling bytes,
 * bounded redirects and no https->http, credentials that go only where they belong and never into a
 * message. Real servers on 127.0.0.1 (the JDK's HttpServer and HttpsServer, a raw socket for trickling).
 */
@Tag("plain")
class HttpHardeningTest {
    static final String SECRET = "SKYSIFT-SECRET-7f3a";
    static final String BODY = "id\tra\tdec\n1\t10.0\t20.0\n";
    static final FetchPolicy POLICY = new FetchPolicy(2, 10, 2.0, 50, 5000, 5000, 1 << 20, 1000, null);

    static LoopbackTls tls;
    static HttpsServer https;
    static HttpServer plain;
    static final List<String> requests = new ArrayList<>();
    RecordingSleeper sleeper;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        tls = LoopbackTls.selfSigned(null);
        https = tls.server();
        https.createContext("/", ex -> handle(ex, "https"));
        https.start();
        plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        plain.createContext("/", ex -> handle(ex, "http"));
        plain.start();
    }

    @AfterAll
    static void stop() {
        https.stop(0);
        plain.stop(0);
    }

    @BeforeEach
    void reset() {
        synchronized (requests) {
            requests.clear();
        }
        sleeper = new RecordingSleeper();
    }

    static URI plainUri(String path) {
        return URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + path);
    }

    static URI httpsUri(String path) {
        return URI.create("https://127.0.0.1:" + https.getAddress().getPort() + path);
    }

    static List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * /text: a catalogue; /loop: redirects to itself; /hop/N: N redirects then the text; /to-http: to the
     * plain server; /to-other: the same server under the name localhost; /denied: 401, /boom: 500, both
     * echoing the request line and its Authorization header, as careless servers do.
     */
    static void handle(HttpExchange ex, String scheme) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        String authz = ex.getRequestHeaders().getFirst("Authorization");
        synchronized (requests) {
            requests.add(scheme + " " + path + (authz == null ? "" : " [" + authz + "]"));
        }
        ex.getRequestBody().readAllBytes();
        if (path.equals("/loop")) {
            redirect(ex, "/loop");
        } else if (path.startsWith("/hop/") && !path.equals("/hop/0")) {
            redirect(ex, "/hop/" + (Integer.parseInt(path.substring(5)) - 1));
        } else if (path.equals("/to-http")) {
            redirect(ex, plainUri("/text").toString());
        } else if (path.equals("/to-other")) {
            redirect(ex, "http://localhost:" + plain.getAddress().getPort() + "/text");
        } else if (path.equals("/denied") || path.equals("/boom")) {
            send(ex, path.equals("/denied") ? 401 : 500, "<html><body>refused GET " + path
                    + (query == null ? "" : "?" + query) + " with Authorization: " + authz + "</body></html>");
        } else {
            send(ex, 200, BODY);
        }
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    static void send(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    HttpFetcher fetcher(FetchPolicy p, SSLContext trust, HttpAuth auth) {
        return new HttpFetcher(p, sleeper, new Random(1), Clock.systemUTC(), BodyCheck.CATALOG_TEXT, trust, auth);
    }

    SSLContext trustingTheMirror() throws Exception {
        return TrustStores.withExtraTrust(tls.truststore("tspw"), "tspw", "test");
    }

    String text(FetchResult r) {
        return new String(r.bytes(), StandardCharsets.UTF_8);
    }

    // --- TLS

    @Test
    void aSelfSignedCertificateIsRefusedNamingTheHostAndNotRetried() {
        URI u = httpsUri("/text");
        FetchException e = catchThrowableOfType(() -> fetcher(POLICY, null, HttpAuth.NONE).fetch(u), FetchException.class);
        String host = "127.0.0.1:" + https.getAddress().getPort();
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastReason()).startsWith("TLS: the certificate of " + host + " is not trusted (")
                .endsWith("; if it is yours, add its CA to http.truststore");
        assertThat(e.getMessage()).startsWith("GET " + u + " failed after 1 attempt: TLS: the certificate of " + host);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(requests()).isEmpty(); // refused during the handshake: no request was ever sent
    }

    @Test
    void theMirrorsCertificateInATruststoreFromTheConfigIsTrustedPkcs12OrPem() throws Exception {
        Path p12 = Files.write(tmp.resolve("mirror.p12"), tls.truststore(SECRET));
        Path pem = Files.write(tmp.resolve("mirror.pem"), tls.pem());
        for (String yaml : List.of("http: {truststore: 'file:" + p12 + "', truststore_password: '" + SECRET + "'}",
                "http: {truststore: '" + pem + "'}")) {
            SkySiftConfig c = ConfigLoader.fromYamlString(yaml);
            HttpFetcher f = HttpFetchers.create(c.http(), POLICY, BodyCheck.CATALOG_TEXT, List.of(), new Configuration());
            assertThat(text(f.fetch(httpsUri("/text")))).as(yaml).isEqualTo(BODY);
        }
        assertThat(requests()).containsExactly("https /text", "https /text");

        // a wrong password is a config error naming the key and the file, and not the password tried
        SkySiftConfig wrong = ConfigLoader.fromYamlString("http: {truststore: 'file:" + p12 + "', truststore_password: wrong-"
                + SECRET + "}");
        ConfigException ce = catchThrowableOfType(() -> HttpFetchers.create(wrong.http(), POLICY, BodyCheck.CATALOG_TEXT,
                List.of(), new Configuration()), ConfigException.class);
        assertThat(ce.getMessage()).startsWith("http.truststore file:" + p12 + ": cannot read the truststore (wrong"
                + " http.truststore_password").doesNotContain(SECRET);
        ConfigException missing = catchThrowableOfType(() -> HttpFetchers.create(
                ConfigLoader.fromYamlString("http: {truststore: 'file:" + tmp.resolve("none.p12") + "'}").http(), POLICY,
                BodyCheck.CATALOG_TEXT, List.of(), new Configuration()), ConfigException.class);
        assertThat(missing.getMessage()).startsWith("config key 'http.truststore' = file:" + tmp.resolve("none.p12")
                + ": cannot be read");
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsStillRefused() throws Exception {
        LoopbackTls other = LoopbackTls.selfSigned("mirror.example.org");
        HttpsServer s = other.server();
        s.createContext("/", ex -> send(ex, 200, BODY));
        s.start();
        try {
            SSLContext trust = TrustStores.withExtraTrust(other.pem(), null, "test");
            URI u = URI.create("https://127.0.0.1:" + s.getAddress().getPort() + "/text");
            FetchException e = catchThrowableOfType(() -> fetcher(POLICY, trust, HttpAuth.NONE).fetch(u), FetchException.class);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.lastReason()).startsWith("TLS: the certificate of 127.0.0.1:" + s.getAddress().getPort()
                    + " does not name that host (");
        } finally {
            s.stop(0);
        }
    }

    // --- total time per request

    @Test
    void aServerTricklingOneByteAtATimeIsCutAtTheTotalLimitAndNotRetried() throws Exception {
        try (Trickler t = new Trickler()) {
            // each byte comes well within the 5 s read timeout, so only the total limit can end it; the whole
            // body would take 100,000 x 20 ms = 33 min
            FetchPolicy p = POLICY.withTotalTimeoutMs(300);
            URI u = URI.create("http://127.0.0.1:" + t.port() + "/slow.fits");
            FetchException e = catchThrowableOfType(() -> fetcher(p, null, HttpAuth.NONE).fetch(u), FetchException.class);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.lastReason()).matches("timeout: the request took longer than the limit of 300 ms per request"
                    + " \\(http.total_timeout_s\\) after \\d+ bytes");
            assertThat(e.getMessage()).startsWith("GET " + u + " failed after 1 attempt: timeout: ");
            long got = Long.parseLong(e.lastReason().replaceAll(".* after (\\d+) bytes", "$1"));
            assertThat(got).isLessThan(Trickler.LENGTH);
            assertThat(t.connections.get()).isEqualTo(1);
            assertThat(sleeper.sleeps()).isEmpty();
        }
    }

    /** Answers 200 with a 100,000-byte Content-Length, then sends one byte every 20 ms. */
    static final class Trickler implements AutoCloseable {
        static final int LENGTH = 100_000;
        final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final AtomicLong sent = new AtomicLong();
        final Thread acceptor = new Thread(this::serve, "trickler");

        Trickler() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                    InputStream in = s.getInputStream();
                    int state = 0;
                    while (state < 4) { // until the blank line ending the request head
                        int c = in.read();
                        if (c < 0) {
                            break;
                        }
                        state = c == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : (c == '\r' ? 1 : 0);
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/fits\r\nContent-Length: " + LENGTH
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < LENGTH && !socket.isClosed(); i++) {
                        out.write('S');
                        out.flush();
                        sent.incrementAndGet();
                        Thread.sleep(20);
                    }
                } catch (IOException e) {
                    // the client hung up (as it should) or the server closed
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            acceptor.interrupt();
        }
    }

    // --- redirects

    @Test
    void redirectsAreFollowedUpToTheLimitAndNoFurther() throws IOException {
        assertThat(text(fetcher(POLICY.withMaxRedirects(3), null, HttpAuth.NONE).fetch(plainUri("/hop/3")))).isEqualTo(BODY);
        assertThat(requests()).containsExactly("http /hop/3", "http /hop/2", "http /hop/1", "http /hop/0");
        reset();
        URI start = plainUri("/hop/3");
        FetchException e = catchThrowableOfType(() -> fetcher(POLICY.withMaxRedirects(2), null, HttpAuth.NONE).fetch(start),
                FetchException.class);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastReason()).isEqualTo("more than 2 redirects: " + start + " -> " + plainUri("/hop/2") + " -> "
                + plainUri("/hop/1") + " -> " + plainUri("/hop/0"));
        assertThat(requests()).containsExactly("http /hop/3", "http /hop/2", "http /hop/1");
    }

    @Test
    void aRedirectLoopEndsAtTheLimitAsAFinalError() {
        URI loop = plainUri("/loop");
        FetchException e = catchThrowableOfType(() -> fetcher(POLICY, null, HttpAuth.NONE).fetch(loop), FetchException.class);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastReason()).startsWith("more than 5 redirects (a redirect loop): " + loop + " -> " + loop);
        // the first request and 5 redirects, then no more: not retried either
        assertThat(requests()).hasSize(6).containsOnly("http /loop");
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefused() throws Exception {
        URI u = httpsUri("/to-http");
        FetchException e = catchThrowableOfType(() -> fetcher(POLICY, trustingTheMirror(), HttpAuth.NONE).fetch(u),
                FetchException.class);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastReason()).isEqualTo("redirect refused: " + u + " -> " + plainUri("/text")
                + " goes from https to http (the answer could be read and changed on the way)");
        assertThat(requests()).containsExactly("https /to-http"); // the http URL was never asked
    }

    // --- credentials

    @Test
    void basicAuthFromTheUrlGoesToItsHostOnlyAndNeverIntoAMessage() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("survey:" + SECRET).getBytes(StandardCharsets.UTF_8));
        URI withUser = URI.create("http://survey:" + SECRET + "@127.0.0.1:" + plain.getAddress().getPort() + "/text");
        FetchResult ok = fetcher(POLICY, null, HttpAuth.NONE).fetch(withUser);
        assertThat(text(ok)).isEqualTo(BODY);
        assertThat(ok.uri()).isEqualTo(plainUri("/text")); // the result names the URL without its userinfo
        // a redirect to another host (localhost is another name) drops the credentials
        fetcher(POLICY, null, HttpAuth.NONE).fetch(URI.create(withUser.toString().replace("/text", "/to-other")));
        assertThat(requests()).containsExactly("http /text [Basic " + basic + "]", "http /to-other [Basic " + basic + "]",
                "http /text");

        for (String path : List.of("/denied", "/boom?token=" + SECRET + "&ra=10")) {
            URI u = URI.create(withUser.toString().replace("/text", path));
            FetchException e = catchThrowableOfType(() -> fetcher(POLICY, null, HttpAuth.NONE).fetch(u), FetchException.class);
            assertThat(e.attempts()).as(path).isEqualTo(path.equals("/denied") ? 1 : 3);
            String all = e.getMessage() + e.reasons() + e.uri() + e;
            assertThat(all).as(path).contains("HTTP " + (path.equals("/denied") ? 401 : 500))
                    .doesNotContain(SECRET).doesNotContain(basic);
            assertThat(e.getMessage()).startsWith("GET " + plainUri(path.replace(SECRET, "***")) + " failed");
            assertThat(e.lastReason()).contains("with Authorization: Basic ***");
        }
    }

    @Test
    void aBearerTokenGoesOnlyToTheNamedHostsAndIsMaskedInWhatTheyEcho() throws Exception {
        HttpAuth auth = HttpAuth.bearer(SECRET, List.of(plainUri("/")));
        HttpFetcher f = fetcher(POLICY, trustingTheMirror(), auth);
        f.fetch(plainUri("/to-other")); // the redirect's host (localhost) was not named
        f.fetch(httpsUri("/text")); // another port: another service
        FetchException e = catchThrowableOfType(() -> f.fetch(plainUri("/denied")), FetchException.class);
        assertThat(requests()).containsExactly("http /to-other [Bearer " + SECRET + "]", "http /text", "https /text",
                "http /denied [Bearer " + SECRET + "]");
        assertThat(e.lastReason()).isEqualTo("HTTP 401: refused GET /denied with Authorization: Bearer ***");
        assertThat(e.getMessage() + e.reasons()).doesNotContain(SECRET);
        assertThat(auth.toString()).doesNotContain(SECRET);
    }
}
