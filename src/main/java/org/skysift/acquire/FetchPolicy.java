package org.skysift.acquire;

import java.io.Serializable;

/**
 * Limits and pacing of {@link HttpFetcher}.
 *
 * @param retries          extra attempts after the first (attempts = retries + 1)
 * @param backoffBaseMs    first retry waits random(0, base) ms ("full jitter")
 * @param backoffFactor    retry k waits random(0, min(cap, base * factor^k))
 * @param backoffCapMs     upper bound of the jittered wait
 * @param connectTimeoutMs TCP/TLS connect
 * @param readTimeoutMs    until the response headers, and the longest silence while the body arrives
 * @param maxBytes         largest body accepted (also after gunzip)
 * @param maxRetryAfterMs  a Retry-After longer than this ends the retries instead of blocking a task
 * @param userAgent        sent with every request so service operators can tell who is calling
 * @param totalTimeoutMs   the most one request may take from connect to the body's last byte, redirects
 *                         included, however steadily the bytes arrive (a trickling server); final, not retried
 * @param maxRedirects     redirects followed per request (0 = none); never from https to http
 */
public record FetchPolicy(int retries, long backoffBaseMs, double backoffFactor, long backoffCapMs,
                          long connectTimeoutMs, long readTimeoutMs, long maxBytes, long maxRetryAfterMs,
                          String userAgent, long totalTimeoutMs, int maxRedirects) implements Serializable {

    public static final String USER_AGENT = "SkySift/0.1 (+java.net.http; vanishing-source survey)";
    public static final long DEFAULT_TOTAL_TIMEOUT_MS = 600_000;
    public static final int DEFAULT_MAX_REDIRECTS = 5;

    public FetchPolicy {
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("retries " + retries + " must be 0..100");
        }
        if (backoffBaseMs < 0 || backoffCapMs < 0 || !(backoffFactor >= 1.0)) {
            throw new IllegalArgumentException("backoff base " + backoffBaseMs + " ms, factor " + backoffFactor
                    + ", cap " + backoffCapMs + " ms: need base >= 0, factor >= 1, cap >= 0");
        }
        if (connectTimeoutMs <= 0 || readTimeoutMs <= 0) {
            throw new IllegalArgumentException("timeouts must be positive (connect " + connectTimeoutMs
                    + " ms, read " + readTimeoutMs + " ms)");
        }
        if (maxBytes < FitsIntegrity.BLOCK || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max bytes " + maxBytes + " must be 2880..2^31-9");
        }
        if (maxRetryAfterMs < 0) {
            throw new IllegalArgumentException("max Retry-After " + maxRetryAfterMs + " ms must be >= 0");
        }
        if (totalTimeoutMs <= 0) {
            throw new IllegalArgumentException("total time per request " + totalTimeoutMs + " ms must be positive");
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("max redirects " + maxRedirects + " must be 0..20");
        }
        userAgent = userAgent == null || userAgent.isBlank() ? USER_AGENT : userAgent;
    }

    /** With the default total time per request (10 min) and redirect limit (5). */
    public FetchPolicy(int retries, long backoffBaseMs, double backoffFactor, long backoffCapMs, long connectTimeoutMs,
                       long readTimeoutMs, long maxBytes, long maxRetryAfterMs, String userAgent) {
        this(retries, backoffBaseMs, backoffFactor, backoffCapMs, connectTimeoutMs, readTimeoutMs, maxBytes,
                maxRetryAfterMs, userAgent, DEFAULT_TOTAL_TIMEOUT_MS, DEFAULT_MAX_REDIRECTS);
    }

    /** 5 retries, 1.5 s base doubling to at most 60 s, 60 s timeouts, 200 MB, Retry-After up to 5 min, 10 min per request, 5 redirects. */
    public static FetchPolicy defaults() {
        return new FetchPolicy(5, 1500, 2.0, 60_000, 60_000, 60_000, 200L << 20, 300_000, USER_AGENT);
    }

    /** From config-style values: seconds for backoff and timeouts. */
    public static FetchPolicy of(int retries, double backoffS, double timeoutS, long maxBytes) {
        FetchPolicy d = defaults();
        return new FetchPolicy(retries, Math.round(backoffS * 1000), d.backoffFactor, d.backoffCapMs,
                Math.round(timeoutS * 1000), Math.round(timeoutS * 1000), maxBytes, d.maxRetryAfterMs, d.userAgent,
                d.totalTimeoutMs, d.maxRedirects);
    }

    /** Upper bound of the wait before retry {@code k} (0 = the first retry). */
    public long backoffBoundMs(int k) {
        double b = backoffBaseMs * Math.pow(backoffFactor, k);
        return (long) Math.min(backoffCapMs, b);
    }

    public FetchPolicy withRetries(int r) {
        return new FetchPolicy(r, backoffBaseMs, backoffFactor, backoffCapMs, connectTimeoutMs, readTimeoutMs,
                maxBytes, maxRetryAfterMs, userAgent,
                totalTimeoutMs, maxRedirects);
    }

    public FetchPolicy withTimeouts(long connectMs, long readMs) {
        return new FetchPolicy(retries, backoffBaseMs, backoffFactor, backoffCapMs, connectMs, readMs,
                maxBytes, maxRetryAfterMs, userAgent,
                totalTimeoutMs, maxRedirects);
    }

    public FetchPolicy withMaxBytes(long max) {
        return new FetchPolicy(retries, backoffBaseMs, backoffFactor, backoffCapMs, connectTimeoutMs, readTimeoutMs,
                max, maxRetryAfterMs, userAgent,
                totalTimeoutMs, maxRedirects);
    }

    public FetchPolicy withTotalTimeoutMs(long ms) {
        return new FetchPolicy(retries, backoffBaseMs, backoffFactor, backoffCapMs, connectTimeoutMs, readTimeoutMs,
                maxBytes, maxRetryAfterMs, userAgent, ms, maxRedirects);
    }

    public FetchPolicy withMaxRedirects(int n) {
        return new FetchPolicy(retries, backoffBaseMs, backoffFactor, backoffCapMs, connectTimeoutMs, readTimeoutMs,
                maxBytes, maxRetryAfterMs, userAgent, totalTimeoutMs, n);
    }

    public FetchPolicy withMaxRetryAfterMs(long max) {
        return new FetchPolicy(retries, backoffBaseMs, backoffFactor, backoffCapMs, connectTimeoutMs, readTimeoutMs,
                maxBytes, max, userAgent,
                totalTimeoutMs, maxRedirects);
    }
}
