package org.skysift.acquire;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.skysift.acquire.FaultyFitsServer.Fault;

@Tag("plain")
class HttpFetcherTest {
    /**
     * Backoff 100 ms doubling to at most 1 s. Timeouts are generous (the machine is shared, a 404 can
     * take a while under load) except in {@link #FAST}, used where the timeout itself is tested.
     */
    static final FetchPolicy POLICY = new FetchPolicy(3, 100, 2.0, 1000, 3000, 3000, 50L << 20, 10_000, null);
    static final FetchPolicy FAST = POLICY.withTimeouts(1000, 300);
    static FaultyFitsServer server;
    RecordingSleeper sleeper;
    URI url;

    @BeforeAll
    static void start() throws IOException {
        server = FaultyFitsServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.resetCounts();
        server.policy(FaultyFitsServer.always(Fault.ok()));
        sleeper = new RecordingSleeper();
        url = new DssService("dss1-red", server.dssEndpoint()).url(30.0, 10.0, 3.0, 3.0);
    }

    HttpFetcher fetcher(FetchPolicy p) {
        return new HttpFetcher(p, sleeper, new Random(42), Clock.systemUTC());
    }

    @Test
    void cleanResponseIsOneAttempt() throws IOException {
        FetchResult r = fetcher(POLICY).fetch(url);
        byte[] expected = server.expectedFits(url);
        assertThat(r.bytes()).isEqualTo(expected);
        assertThat(r.sha256()).isEqualTo(Sha256.hex(expected));
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.gzipped()).isFalse();
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(server.requestLog()).containsExactly(
                "/cgi-bin/dss_search?v=poss1_red&r=30&d=10&e=J2000&h=3&w=3&f=fits&c=none");
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(Fault.status(500), "HTTP 500: 500 injected failure"),
                Arguments.of(Fault.status(502), "HTTP 502"),
                Arguments.of(Fault.retryAfter(503, "0"), "HTTP 503: Too busy, retry later (Retry-After 0 ms)"),
                Arguments.of(Fault.retryAfter(429, "0"), "HTTP 429: Too busy, retry later (Retry-After 0 ms)"),
                Arguments.of(Fault.slow(1500), "timeout: no response within 300 ms"),
                Arguments.of(Fault.stall(1500), "timeout: body stalled for more than 300 ms after "),
                Arguments.of(Fault.dropMidBody(), "connection failed: "),
                Arguments.of(Fault.truncated(), "HTTP 200 but truncated FITS: HDU 0 needs 25920 bytes from byte 0 (22472 data bytes), only 11520 present"),
                Arguments.of(Fault.html200(), "HTTP 200 but not FITS: starts with '<!DOCTYPE html>"));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void eachFaultFailsAnAttemptAndTheRetrySucceeds(Fault fault, String reason) throws IOException {
        server.enqueue(fault);
        FetchPolicy p = fault.kind() == FaultyFitsServer.Kind.SLOW_HEADERS || fault.kind() == FaultyFitsServer.Kind.STALL_BODY
                ? FAST : POLICY;
        FetchException e = catchThrowableOfType(() -> fetcher(p.withRetries(0)).fetch(url), FetchException.class);
        assertThat(e).isNotNull();
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastReason()).startsWith(reason);
        assertThat(e.getMessage()).contains("GET " + url).contains("after 1 attempt: ");

        server.enqueue(fault);
        FetchResult r = fetcher(p).fetch(url);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.bytes()).isEqualTo(server.expectedFits(url));
        assertThat(sleeper.sleeps()).hasSize(1);
        assertThat(server.totalRequests()).isEqualTo(3);
    }

    @Test
    void timeoutsAbandonTheSlowResponsesInOrderAndTheRetrySucceeds() throws IOException {
        server.enqueue(Fault.slow(1500), Fault.stall(1500));
        FetchException e = catchThrowableOfType(() -> fetcher(FAST.withRetries(1)).fetch(url), FetchException.class);
        assertThat(e.reasons()).hasSize(2);
        assertThat(e.reasons().get(0)).isEqualTo("timeout: no response within 300 ms");
        assertThat(e.reasons().get(1)).startsWith("timeout: body stalled for more than 300 ms after ");
        assertThat(sleeper.sleeps()).hasSize(1);

        server.resetCounts();
        server.enqueue(Fault.slow(1500), Fault.stall(1500));
        FetchResult r = fetcher(FAST).fetch(url);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.bytes()).isEqualTo(server.expectedFits(url));
        assertThat(server.served()).containsOnly(java.util.Map.entry(FaultyFitsServer.Kind.SLOW_HEADERS, 1),
                java.util.Map.entry(FaultyFitsServer.Kind.STALL_BODY, 1), java.util.Map.entry(FaultyFitsServer.Kind.OK, 1));
        assertThat(sleeper.sleeps()).hasSize(3);
    }

    @Test
    void backoffIsExponentialWithFullJitterAndCapped() {
        FetchPolicy p = POLICY.withRetries(8);
        server.policy(FaultyFitsServer.always(Fault.status(500)));
        FetchException e = catchThrowableOfType(() -> fetcher(p).fetch(url), FetchException.class);
        assertThat(e.attempts()).isEqualTo(9);
        assertThat(server.totalRequests()).isEqualTo(9);
        List<Long> s = sleeper.sleeps();
        assertThat(s).hasSize(8);
        long[] bounds = {100, 200, 400, 800, 1000, 1000, 1000, 1000};
        double ratioSum = 0;
        for (int k = 0; k < 8; k++) {
            assertThat(p.backoffBoundMs(k)).isEqualTo(bounds[k]);
            assertThat(s.get(k)).isBetween(0L, bounds[k]);
            ratioSum += s.get(k) / (double) bounds[k];
        }
        // full jitter: uniform in [0, bound), so the mean ratio is near 0.5, not near 1 (plain backoff)
        assertThat(ratioSum / 8).isBetween(0.2, 0.8);
        assertThat(s).doesNotHaveDuplicates();
    }

    @Test
    void retryAfterSecondsIsObeyedExactly() throws IOException {
        server.enqueue(Fault.retryAfter(503, "2"), Fault.retryAfter(429, "1"));
        FetchResult r = fetcher(POLICY).fetch(url);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(sleeper.sleeps()).containsExactly(2000L, 1000L);
    }

    @Test
    void retryAfterHttpDateIsMeasuredFromNow() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2037-10-21T07:27:57Z"), ZoneOffset.UTC);
        server.enqueue(Fault.retryAfter(429, "Wed, 21 Oct 2037 07:28:00 GMT"));
        FetchResult r = new HttpFetcher(POLICY, sleeper, new Random(1), clock).fetch(url);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(sleeper.sleeps()).containsExactly(3000L);
    }

    @Test
    void retryAfterLongerThanAllowedEndsTheRetries() {
        server.enqueue(Fault.retryAfter(503, "3600"));
        FetchException e = catchThrowableOfType(() -> fetcher(POLICY).fetch(url), FetchException.class);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastReason()).contains("asks to wait 3600000 ms, more than the 10000 ms allowed");
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void clientErrorsAreNotRetried() {
        URI missing = server.base().resolve("/cgi-bin/no_such_script?x=1");
        FetchException e = catchThrowableOfType(() -> fetcher(POLICY).fetch(missing), FetchException.class);
        assertThat(e.reasons()).containsExactly("HTTP 404: 404 Not Found /cgi-bin/no_such_script");
        assertThat(e.lastReason()).isEqualTo("HTTP 404: 404 Not Found /cgi-bin/no_such_script");
        URI badQuery = server.base().resolve("/cgi-bin/dss_search?v=poss1_red&r=10");
        FetchException e2 = catchThrowableOfType(() -> fetcher(POLICY).fetch(badQuery), FetchException.class);
        assertThat(e2.attempts()).isEqualTo(1);
        assertThat(e2.lastReason()).isEqualTo("HTTP 400: bad request: missing parameter d");
        server.enqueue(Fault.status(403));
        assertThatThrownBy(() -> fetcher(POLICY).fetch(url)).isInstanceOf(FetchException.class).hasMessageContaining("HTTP 403");
        assertThat(server.totalRequests()).isEqualTo(3);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void allAttemptsFailingReportsTheLastReason() {
        server.enqueue(Fault.status(500), Fault.html200(), Fault.retryAfter(503, "0"), Fault.truncated());
        FetchException e = catchThrowableOfType(() -> fetcher(POLICY).fetch(url), FetchException.class);
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.lastReason()).startsWith("HTTP 200 but truncated FITS");
        assertThat(e.reasons()).hasSize(4).element(1).asString().startsWith("HTTP 200 but not FITS");
        assertThat(e.getMessage()).contains("failed after 4 attempts; last: HTTP 200 but truncated FITS");
        assertThat(server.totalRequests()).isEqualTo(4);
    }

    @Test
    void gzipBodiesAreRecognisedByMagicAndInflated() throws IOException {
        server.enqueue(Fault.gzip());
        FetchResult r = fetcher(POLICY).fetch(url);
        assertThat(r.gzipped()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.bytes()).isEqualTo(server.expectedFits(url));
        assertThat(r.sha256()).isEqualTo(Sha256.hex(server.expectedFits(url)));
    }

    @Test
    void bodiesOverTheCapFailWithoutRetry() {
        // the plate is 25,920 bytes; gzip of it is smaller than the cap but inflates past it
        FetchPolicy small = POLICY.withMaxBytes(6 * FitsIntegrity.BLOCK);
        FetchException e = catchThrowableOfType(() -> fetcher(small).fetch(url), FetchException.class);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastReason()).isEqualTo("body of 25920 bytes (Content-Length) exceeds the 17280-byte cap");
        server.enqueue(Fault.gzip());
        FetchException gz = catchThrowableOfType(() -> fetcher(small).fetch(url), FetchException.class);
        assertThat(gz.attempts()).isEqualTo(1);
        assertThat(gz.lastReason()).isEqualTo("gzip body inflates to more than the 17280-byte cap");
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void refusedConnectionsAreRetried() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port + "/cgi-bin/dss_search?v=1");
        FetchException e = catchThrowableOfType(() -> fetcher(POLICY).fetch(dead), FetchException.class);
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.lastReason()).startsWith("connection refused");
        assertThat(sleeper.sleeps()).hasSize(3);
    }

    @Test
    void aThirdOfResponsesFaultedAtRandomStillDeliverEveryImage() throws IOException {
        server.policy(FaultyFitsServer.randomFaults(1.0 / 3, 2024, Fault.status(500), Fault.retryAfter(503, "0"),
                Fault.retryAfter(429, "0"), Fault.html200(), Fault.truncated(), Fault.dropMidBody(), Fault.gzip()));
        HttpFetcher f = fetcher(POLICY.withRetries(6));
        DssService dss = new DssService("dss2-red", server.dssEndpoint());
        int attempts = 0;
        for (int i = 0; i < 15; i++) {
            URI u = dss.url(100 + i, -30, 2, 2);
            FetchResult r = f.fetch(u);
            assertThat(r.bytes()).isEqualTo(server.expectedFits(u));
            attempts += r.attempts();
        }
        int faulted = server.served().entrySet().stream()
                .filter(e -> e.getKey() != FaultyFitsServer.Kind.OK && e.getKey() != FaultyFitsServer.Kind.GZIP)
                .mapToInt(java.util.Map.Entry::getValue).sum();
        assertThat(server.totalRequests()).isEqualTo(attempts);
        assertThat(attempts - 15).isEqualTo(faulted);
        assertThat(faulted).isBetween(3, 12);
    }

    @Test
    void serverCountsRequestsInFlight() throws Exception {
        // a server of its own (no request of another test still hanging in it); long timeouts: the four
        // requests are answered only once all four have arrived, however slowly they come
        FetchPolicy relaxed = POLICY.withTimeouts(60_000, 60_000);
        try (FaultyFitsServer own = FaultyFitsServer.start()) {
            URI u = new DssService("dss1-red", own.dssEndpoint()).url(30.0, 10.0, 3.0, 3.0);
            own.enqueue(Fault.together(4), Fault.together(4), Fault.together(4), Fault.together(4));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<FetchResult>> fs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    fs.add(pool.submit(() -> fetcher(relaxed).fetch(u)));
                }
                for (Future<FetchResult> f : fs) {
                    assertThat(f.get().attempts()).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(own.maxInFlight()).isEqualTo(4);
            for (int i = 0; i < 3; i++) {
                // the handler counts itself out just after the client has the body: wait for it, then go on
                while (own.inFlight() > 0) {
                    Thread.sleep(5);
                }
                if (i == 0) {
                    own.resetCounts();
                }
                fetcher(relaxed).fetch(u);
            }
            assertThat(own.maxInFlight()).isEqualTo(1);
            assertThat(own.totalRequests()).isEqualTo(3);
        }
    }

    @Test
    void anInterruptAbortsTheRequestPromptly() throws Exception {
        // a stall far longer than the test: only the interrupt can end this fetch
        server.enqueue(Fault.stall(600_000));
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagKept = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                fetcher(POLICY).fetch(url);
            } catch (Throwable e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        t.start();
        while (server.served().getOrDefault(FaultyFitsServer.Kind.STALL_BODY, 0) == 0) {
            Thread.sleep(10);
        }
        t.interrupt();
        t.join(120_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(java.io.InterruptedIOException.class).hasMessageContaining("interrupted while fetching");
        assertThat(flagKept).isTrue();
        assertThat(server.totalRequests()).isEqualTo(1);
    }
}
