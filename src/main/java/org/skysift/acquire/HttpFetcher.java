package org.skysift.acquire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

/**
 * GETs one FITS file with timeouts, a size cap and retries. Retries wait with exponential backoff and
 * full jitter ({@code random(0, min(cap, base * factor^k))}) so many tasks hitting one service spread
 * out, except that a 429/503 {@code Retry-After} is obeyed exactly. Other 4xx answers are final. A
 * body counts only when it is a complete FITS file (gzip is recognised by its magic bytes and
 * inflated): an HTML page with status 200 or a short body is a failed attempt, never a result.
 *
 * <p>One fetcher is used by one thread at a time in the pipeline (the acquire stage fetches
 * sequentially within a partition); it is nonetheless safe to share.
 */
public final class HttpFetcher {
    private static final int ERROR_SNIPPET_BYTES = 4096;

    private final FetchPolicy policy;
    private final Sleeper sleeper;
    private final Random random;
    private final Clock clock;
    private final HttpClient client;
    private final BodyCheck check;

    public HttpFetcher(FetchPolicy policy) {
        this(policy, Sleeper.REAL, new Random(), Clock.systemUTC());
    }

    /** With an injected sleeper, jitter source and clock (for Retry-After dates), for tests. */
    public HttpFetcher(FetchPolicy policy, Sleeper sleeper, Random random, Clock clock) {
        this(policy, sleeper, random, clock, BodyCheck.FITS);
    }

    /** @param check what a successful body must be (FITS for images, catalogue text for VizieR) */
    public HttpFetcher(FetchPolicy policy, Sleeper sleeper, Random random, Clock clock, BodyCheck check) {
        this.check = check;
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(policy.connectTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public FetchPolicy policy() {
        return policy;
    }

    /**
     * The body at {@code uri}, once it passes the body check (by default a complete FITS file).
     *
     * @throws FetchException        every attempt failed, or one failed in a way a retry cannot fix
     * @throws InterruptedIOException the thread was interrupted (the request is aborted)
     */
    public FetchResult fetch(URI uri) throws IOException {
        long t0 = System.nanoTime();
        List<String> reasons = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Attempt a = once(uri);
            if (a.bytes == null) {
                reasons.add(a.reason);
            }
            if (a.bytes != null) {
                return new FetchResult(uri, a.bytes, attempt, elapsedMs(t0), Sha256.hex(a.bytes), a.gzipped);
            }
            if (!a.retryable || attempt > policy.retries()) {
                throw new FetchException(uri, attempt, a.reason, reasons, elapsedMs(t0), a.cause);
            }
            long wait;
            if (a.retryAfterMs >= 0) {
                if (a.retryAfterMs > policy.maxRetryAfterMs()) {
                    throw new FetchException(uri, attempt, a.reason + "; the server asks to wait " + a.retryAfterMs
                            + " ms, more than the " + policy.maxRetryAfterMs() + " ms allowed", reasons, elapsedMs(t0), a.cause);
                }
                wait = a.retryAfterMs;
            } else {
                wait = (long) (random.nextDouble() * policy.backoffBoundMs(attempt - 1));
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to retry " + uri);
            }
        }
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** One request's outcome: bytes on success, else a reason and whether a retry may help. */
    private record Attempt(byte[] bytes, boolean gzipped, String reason, boolean retryable, long retryAfterMs, Throwable cause) {
        static Attempt ok(byte[] b, boolean gz) {
            return new Attempt(b, gz, null, false, -1, null);
        }

        static Attempt retry(String why, Throwable cause) {
            return new Attempt(null, false, why, true, -1, cause);
        }

        static Attempt fatal(String why, Throwable cause) {
            return new Attempt(null, false, why, false, -1, cause);
        }
    }

    private Attempt once(URI uri) throws InterruptedIOException {
        HttpRequest req = HttpRequest.newBuilder(uri).GET()
                .timeout(Duration.ofMillis(policy.readTimeoutMs()))
                .header("User-Agent", policy.userAgent())
                .header("Accept", check.accept())
                .build();
        AtomicReference<CappedBody> bodyRef = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            boolean success = info.statusCode() / 100 == 2;
            long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
            CappedBody b = new CappedBody(success ? policy.maxBytes() : ERROR_SNIPPET_BYTES, success, declared);
            bodyRef.set(b);
            return b;
        };
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(req, handler);
        long start = System.nanoTime();
        long pollMs = Math.max(5, Math.min(50, policy.readTimeoutMs() / 4));
        // HttpClient's request timeout covers only the wait for headers; a body that stalls halfway is
        // caught here by watching the time since its last bytes.
        long headerLimitMs = policy.connectTimeoutMs() + policy.readTimeoutMs() + 1000;
        HttpResponse<byte[]> resp;
        try {
            while (true) {
                try {
                    resp = f.get(pollMs, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException te) {
                    CappedBody b = bodyRef.get();
                    if (b != null && b.idleMs() > policy.readTimeoutMs()) {
                        b.abort();
                        f.cancel(true);
                        return Attempt.retry("timeout: body stalled for more than " + policy.readTimeoutMs()
                                + " ms after " + b.received() + " bytes", null);
                    }
                    if (b == null && elapsedMs(start) > headerLimitMs) {
                        f.cancel(true);
                        return Attempt.retry("timeout: no response headers within " + headerLimitMs + " ms", null);
                    }
                }
            }
        } catch (InterruptedException e) {
            f.cancel(true);
            CappedBody b = bodyRef.get();
            if (b != null) {
                b.abort();
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + uri);
        } catch (ExecutionException e) {
            return classify(e.getCause());
        }
        return judge(resp);
    }

    private Attempt classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TooLargeException) {
                return Attempt.fatal(c.getMessage(), c);
            }
        }
        if (t instanceof HttpConnectTimeoutException) {
            return Attempt.retry("timeout: could not connect within " + policy.connectTimeoutMs() + " ms", t);
        }
        if (t instanceof HttpTimeoutException) {
            return Attempt.retry("timeout: no response within " + policy.readTimeoutMs() + " ms", t);
        }
        if (t instanceof ConnectException) {
            return Attempt.retry("connection refused: " + t.getMessage(), t);
        }
        if (t instanceof IOException) {
            return Attempt.retry("connection failed: " + t.getClass().getSimpleName() + ": " + t.getMessage(), t);
        }
        return Attempt.fatal("request failed: " + t, t);
    }

    private Attempt judge(HttpResponse<byte[]> resp) {
        int status = resp.statusCode();
        byte[] body = resp.body();
        if (status / 100 == 2) {
            boolean gz = body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
            if (gz) {
                try {
                    body = gunzip(body, policy.maxBytes());
                } catch (TooLargeException e) {
                    return Attempt.fatal(e.getMessage(), e);
                } catch (IOException e) {
                    return Attempt.retry("corrupt gzip body of " + resp.body().length + " bytes: " + e.getMessage(), e);
                }
            }
            String problem = check.problem(body);
            if (problem != null) {
                return Attempt.retry("HTTP " + status + " but " + problem + (gz ? " (after gunzip)" : ""), null);
            }
            return Attempt.ok(body, gz);
        }
        String why = "HTTP " + status + snippet(body);
        if (status == 429 || status == 503) {
            Optional<Long> after = retryAfterMs(resp.headers());
            String reason = why + after.map(ms -> " (Retry-After " + ms + " ms)").orElse("");
            return new Attempt(null, false, reason, true, after.orElse(-1L), null);
        }
        if (status == 408 || status / 100 == 5) {
            return Attempt.retry(why, null);
        }
        return Attempt.fatal(why, null);
    }

    /** Retry-After as delta-seconds or an HTTP-date, in ms from now (never negative). */
    Optional<Long> retryAfterMs(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("retry-after").map(String::strip);
        if (v.isEmpty() || v.get().isEmpty()) {
            return Optional.empty();
        }
        String s = v.get();
        if (s.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Math.multiplyExact(Long.parseLong(s), 1000L));
            } catch (ArithmeticException | NumberFormatException e) {
                return Optional.of(Long.MAX_VALUE);
            }
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Optional.of(Math.max(0, when.toInstant().toEpochMilli() - clock.millis()));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // unparseable: fall back to our own backoff
        }
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                .replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "" : ": " + text;
    }

    static byte[] gunzip(byte[] gz, long cap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(FitsIntegrity.BLOCK, gz.length * 2));
        byte[] buf = new byte[65536];
        long total = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), buf.length)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > cap) {
                    throw new TooLargeException("gzip body inflates to more than the " + cap + "-byte cap");
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** The body exceeded the size cap: final, a retry would fetch the same. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String msg) {
            super(msg);
        }
    }

    /**
     * Collects the body up to a cap, remembering when bytes last arrived. Over the cap it either fails
     * (a real response: the file is too large) or keeps just the start (an error page, for the message).
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long cap;
        private final boolean failOverCap;
        private final long declared;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out;
        private volatile Flow.Subscription subscription;
        private volatile long lastNanos = System.nanoTime();
        private volatile long received;

        CappedBody(long cap, boolean failOverCap, long declared) {
            this.cap = cap;
            this.failOverCap = failOverCap;
            this.declared = declared;
            this.out = new ByteArrayOutputStream((int) Math.min(cap, declared > 0 ? declared : 64 * 1024));
        }

        long idleMs() {
            return result.isDone() ? 0 : (System.nanoTime() - lastNanos) / 1_000_000;
        }

        long received() {
            return received;
        }

        void abort() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.completeExceptionally(new IOException("aborted"));
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            lastNanos = System.nanoTime();
            if (failOverCap && declared > cap) {
                s.cancel();
                result.completeExceptionally(new TooLargeException(
                        "body of " + declared + " bytes (Content-Length) exceeds the " + cap + "-byte cap"));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            lastNanos = System.nanoTime();
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer bb : items) {
                int n = bb.remaining();
                long room = cap - out.size();
                if (n > room) {
                    if (failOverCap) {
                        subscription.cancel();
                        result.completeExceptionally(new TooLargeException(
                                "body exceeds the " + cap + "-byte cap"));
                        return;
                    }
                    n = (int) Math.max(0, room);
                }
                byte[] chunk = new byte[n];
                bb.get(chunk);
                out.write(chunk, 0, n);
                received += n;
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
