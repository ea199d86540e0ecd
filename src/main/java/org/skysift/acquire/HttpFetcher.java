package org.skysift.acquire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
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
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Base64;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.skysift.config.Secrets;

/**
 * GETs one FITS file with timeouts, a size cap and retries. Retries wait with exponential backoff and
 * full jitter ({@code random(0, min(cap, base * factor^k))}) so many tasks hitting one service spread
 * out, except that a 429/503 {@code Retry-After} is obeyed exactly. Other 4xx answers are final. A
 * body counts only when it is a complete FITS file (gzip is recognised by its magic bytes and
 * inflated): an HTML page with status 200 or a short body is a failed attempt, never a result.
 *
 * <p>Hardened for unattended runs: TLS certificates and host names are verified (a certificate no
 * trusted CA signed is a final error naming the host; {@code http.truststore} adds CAs); one request,
 * redirects included, may take at most {@link FetchPolicy#totalTimeoutMs} however steadily a server
 * trickles bytes; redirects are followed at most {@link FetchPolicy#maxRedirects} times and never from
 * https to http; bodies are capped. Credentials (a URL's userinfo, sent as Basic auth to that URL's
 * host only; a bearer token, see {@link HttpAuth}) never appear in a message: URLs are shown without
 * userinfo and with credential-like query parameters masked, and the secrets themselves are masked in
 * any text a server sends back.
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
    private final HttpAuth auth;

    public HttpFetcher(FetchPolicy policy) {
        this(policy, Sleeper.REAL, new Random(), Clock.systemUTC());
    }

    /** With an injected sleeper, jitter source and clock (for Retry-After dates), for tests. */
    public HttpFetcher(FetchPolicy policy, Sleeper sleeper, Random random, Clock clock) {
        this(policy, sleeper, random, clock, BodyCheck.FITS);
    }

    /** @param check what a successful body must be (FITS for images, catalogue text for VizieR) */
    public HttpFetcher(FetchPolicy policy, Sleeper sleeper, Random random, Clock clock, BodyCheck check) {
        this(policy, sleeper, random, clock, check, null, HttpAuth.NONE);
    }

    /**
     * @param tls  trust for https (null = the JDK's CAs; see {@link TrustStores})
     * @param auth a bearer token and the hosts it may go to
     */
    public HttpFetcher(FetchPolicy policy, Sleeper sleeper, Random random, Clock clock, BodyCheck check, SSLContext tls,
                       HttpAuth auth) {
        this.check = check;
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
        this.auth = auth == null ? HttpAuth.NONE : auth;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(policy.connectTimeoutMs()))
                // followed here, to bound them, refuse https->http and name each hop in errors
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.client = b.build();
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
        Request req = Request.of(uri, auth);
        long t0 = System.nanoTime();
        List<String> reasons = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Attempt a = once(req);
            if (a.bytes != null) {
                return new FetchResult(req.shownUri(), a.bytes, attempt, elapsedMs(t0), Sha256.hex(a.bytes), a.gzipped);
            }
            String reason = req.redact(a.reason);
            reasons.add(reason);
            if (!a.retryable || attempt > policy.retries()) {
                throw new FetchException(req.shownUri(), attempt, reason, reasons, elapsedMs(t0), req.scrub(a.cause));
            }
            long wait;
            if (a.retryAfterMs >= 0) {
                if (a.retryAfterMs > policy.maxRetryAfterMs()) {
                    throw new FetchException(req.shownUri(), attempt, reason + "; the server asks to wait " + a.retryAfterMs
                            + " ms, more than the " + policy.maxRetryAfterMs() + " ms allowed", reasons, elapsedMs(t0),
                            req.scrub(a.cause));
                }
                wait = a.retryAfterMs;
            } else {
                wait = (long) (random.nextDouble() * policy.backoffBoundMs(attempt - 1));
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to retry " + req.shown());
            }
        }
    }

    /**
     * One URL as requested: without its userinfo, which becomes a Basic Authorization for its own host;
     * with the secrets to mask in every message about it.
     */
    private record Request(URI uri, String basic, HttpAuth auth, List<String> secrets) {
        static Request of(URI given, HttpAuth auth) {
            String info = given.getRawUserInfo();
            List<String> secrets = new ArrayList<>();
            if (auth.bearerToken() != null) {
                secrets.add(auth.bearerToken());
            }
            if (info == null) {
                return new Request(given, null, auth, secrets);
            }
            String decoded = URLDecoder.decode(info, StandardCharsets.UTF_8);
            String basic = Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
            int colon = decoded.indexOf(':');
            secrets.add(colon < 0 ? decoded : decoded.substring(colon + 1));
            secrets.add(info.indexOf(':') < 0 ? info : info.substring(info.indexOf(':') + 1));
            secrets.add(basic);
            try {
                URI bare = new URI(given.getScheme(), null, given.getHost(), given.getPort(), null, null, null);
                String rest = given.getRawPath() + (given.getRawQuery() == null ? "" : "?" + given.getRawQuery());
                return new Request(URI.create(bare + rest), basic, auth, secrets);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + Secrets.redactText(given.toString()), e);
            }
        }

        /** Authorization for a hop: Basic only to the URL's own host, the token only to its hosts. */
        String authorization(URI hop) {
            if (basic != null && HttpAuth.hostPort(hop).equals(HttpAuth.hostPort(uri))) {
                return "Basic " + basic;
            }
            return auth.tokenFor(hop) ? "Bearer " + auth.bearerToken() : null;
        }

        String shown() {
            return Secrets.redactText(uri.toString());
        }

        /** The URL for results and errors: no userinfo, credential-like parameters masked. */
        URI shownUri() {
            try {
                return new URI(shown());
            } catch (URISyntaxException e) {
                return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
            }
        }

        /** Text with URL credentials and this request's secrets masked. */
        String redact(String text) {
            String s = Secrets.redactText(text);
            for (String secret : secrets) {
                if (s != null && secret.length() >= 4) {
                    s = s.replace(secret, Secrets.MASK);
                }
            }
            return s;
        }

        /** A cause whose message holds a secret is replaced by one without (its type and stack kept). */
        Throwable scrub(Throwable t) {
            if (t == null) {
                return null;
            }
            String m = String.valueOf(t);
            if (redact(m).equals(m)) {
                return t;
            }
            IOException clean = new IOException(t.getClass().getName() + ": " + redact(t.getMessage()));
            clean.setStackTrace(t.getStackTrace());
            return clean;
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

    /** One attempt: the request and the redirects it leads to, within the total time per request. */
    private Attempt once(Request r) throws InterruptedIOException {
        long start = System.nanoTime();
        URI hop = r.uri;
        List<URI> chain = new ArrayList<>(List.of(hop));
        while (true) {
            Object got = send(r, hop, start);
            if (got instanceof Attempt a) {
                return a;
            }
            @SuppressWarnings("unchecked")
            HttpResponse<byte[]> resp = (HttpResponse<byte[]>) got;
            int status = resp.statusCode();
            if (!isRedirect(status)) {
                return judge(resp);
            }
            Optional<String> location = resp.headers().firstValue("location");
            if (location.isEmpty()) {
                return Attempt.fatal("HTTP " + status + " redirect without a Location header", null);
            }
            URI next;
            try {
                next = hop.resolve(new URI(location.get().strip()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Attempt.fatal("HTTP " + status + " redirect to an invalid Location '" + location.get() + "'", e);
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
                return Attempt.fatal("redirect refused: " + hop + " -> " + next + " is not an http(s) URL", null);
            }
            if ("https".equalsIgnoreCase(hop.getScheme()) && scheme.equals("http")) {
                return Attempt.fatal("redirect refused: " + hop + " -> " + next
                        + " goes from https to http (the answer could be read and changed on the way)", null);
            }
            if (chain.size() > policy.maxRedirects()) {
                return Attempt.fatal("more than " + policy.maxRedirects() + " redirects"
                        + (chain.contains(next) ? " (a redirect loop)" : "") + ": " + hops(chain, next), null);
            }
            chain.add(next);
            hop = next;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String hops(List<URI> chain, URI next) {
        List<String> all = new ArrayList<>();
        chain.forEach(u -> all.add(u.toString()));
        all.add(next.toString());
        return String.join(" -> ", all);
    }

    /** The response to one GET, or the failed Attempt when it did not come (in time). */
    private Object send(Request r, URI uri, long start) throws InterruptedIOException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET()
                .timeout(Duration.ofMillis(policy.readTimeoutMs()))
                .header("User-Agent", policy.userAgent())
                .header("Accept", check.accept());
        String authorization = r.authorization(uri);
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        HttpRequest req = rb.build();
        AtomicReference<CappedBody> bodyRef = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            boolean success = info.statusCode() / 100 == 2;
            long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
            CappedBody b = new CappedBody(success ? policy.maxBytes() : ERROR_SNIPPET_BYTES, success, declared);
            bodyRef.set(b);
            return b;
        };
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(req, handler);
        long pollMs = Math.max(5, Math.min(50, policy.readTimeoutMs() / 4));
        // HttpClient's request timeout covers only the wait for headers; a body that stalls halfway is
        // caught here by watching the time since its last bytes, and one that trickles by the total limit.
        long headerLimitMs = policy.connectTimeoutMs() + policy.readTimeoutMs() + 1000;
        long sent = System.nanoTime();
        try {
            while (true) {
                try {
                    return f.get(pollMs, TimeUnit.MILLISECONDS);
                } catch (TimeoutException te) {
                    CappedBody b = bodyRef.get();
                    if (elapsedMs(start) > policy.totalTimeoutMs()) {
                        if (b != null) {
                            b.abort();
                        }
                        f.cancel(true);
                        return Attempt.fatal("timeout: the request took longer than the limit of "
                                + policy.totalTimeoutMs() + " ms per request (http.total_timeout_s)"
                                + (b == null ? ", no response headers yet" : " after " + b.received() + " bytes"), null);
                    }
                    if (b != null && b.idleMs() > policy.readTimeoutMs()) {
                        b.abort();
                        f.cancel(true);
                        return Attempt.retry("timeout: body stalled for more than " + policy.readTimeoutMs()
                                + " ms after " + b.received() + " bytes", null);
                    }
                    if (b == null && elapsedMs(sent) > headerLimitMs) {
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
            throw new InterruptedIOException("interrupted while fetching " + r.shown());
        } catch (ExecutionException e) {
            return classify(e.getCause(), uri);
        }
    }

    private Attempt classify(Throwable t, URI uri) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TooLargeException) {
                return Attempt.fatal(c.getMessage(), c);
            }
        }
        Attempt tls = tlsProblem(t, uri);
        if (tls != null) {
            return tls;
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

    /**
     * A certificate the client does not trust is final (a retry meets the same certificate); other TLS
     * failures (a handshake cut short) are retried like any connection failure.
     */
    private static Attempt tlsProblem(Throwable t, URI uri) {
        boolean tls = false;
        CertificateException cert = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            tls |= c instanceof SSLException;
            if (c instanceof CertificateException ce && cert == null) {
                cert = ce;
            }
        }
        if (!tls || cert == null) {
            return null;
        }
        String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        String msg = String.valueOf(cert.getMessage());
        boolean name = msg.contains("subject alternative name") || msg.contains("No name matching");
        return Attempt.fatal("TLS: the certificate of " + host + (name
                ? " does not name that host (" + msg + ")"
                : " is not trusted (" + msg + "); if it is yours, add its CA to http.truststore"), t);
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
