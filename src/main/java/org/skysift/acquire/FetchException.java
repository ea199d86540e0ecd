package org.skysift.acquire;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.skysift.config.Secrets;

/**
 * Every attempt to fetch a URL failed; carries the last reason and how many attempts were made. The
 * message shows the URL with credential-like query parameters masked (the fetcher passes it without userinfo).
 */
public class FetchException extends IOException {
    private static final long serialVersionUID = 1L;
    private final URI uri;
    private final int attempts;
    private final String lastReason;
    private final long elapsedMs;
    private final List<String> reasons;

    /** @param reasons why each attempt failed, in order (the last equals lastReason) */
    public FetchException(URI uri, int attempts, String lastReason, List<String> reasons, long elapsedMs, Throwable cause) {
        super("GET " + Secrets.redactText(String.valueOf(uri)) + " failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts; last: ") + lastReason, cause);
        this.uri = uri;
        this.attempts = attempts;
        this.lastReason = lastReason;
        this.elapsedMs = elapsedMs;
        this.reasons = List.copyOf(reasons);
    }

    /** Why each attempt failed, first to last. */
    public List<String> reasons() {
        return reasons;
    }

    public URI uri() {
        return uri;
    }

    public int attempts() {
        return attempts;
    }

    public String lastReason() {
        return lastReason;
    }

    public long elapsedMs() {
        return elapsedMs;
    }
}
