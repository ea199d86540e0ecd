package org.skysift.acquire;

import java.net.URI;

/**
 * A complete FITS file fetched over HTTP.
 *
 * @param bytes     the FITS bytes (inflated when the body was gzip)
 * @param attempts  requests made, including the successful one
 * @param elapsedMs wall time from the first request to the end, waits included
 * @param sha256    hex SHA-256 of {@code bytes}
 * @param gzipped   the body came gzip-compressed
 */
public record FetchResult(URI uri, byte[] bytes, int attempts, long elapsedMs, String sha256, boolean gzipped) {}
