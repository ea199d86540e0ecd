package org.skysift.catalog;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP GET, as the catalogue clients need it. Retries, back-off, Retry-After and concurrency
 * caps belong to the implementation (the shared client in {@code acquire}); callers see only the
 * final answer or an exception.
 */
@FunctionalInterface
public interface TextFetcher {

    Response get(URI uri) throws IOException;

    /** The final answer: status, body bytes and Content-Type (null when absent). */
    record Response(int status, byte[] body, String contentType) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
