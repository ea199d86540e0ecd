package org.skysift.acquire;

import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Credentials a fetcher sends besides those in a URL's userinfo (which become Basic auth for that
 * URL's own host): a bearer token, sent only to the hosts the user named (the configured endpoints),
 * so neither a public fallback service nor a redirect to another host ever sees it.
 *
 * @param bearerToken null = none
 * @param tokenHosts  {@code host:port} (lower case, port explicit) the token may go to
 */
public record HttpAuth(String bearerToken, Set<String> tokenHosts) implements Serializable {
    public static final HttpAuth NONE = new HttpAuth(null, Set.of());

    public HttpAuth {
        tokenHosts = Set.copyOf(tokenHosts);
        bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken;
    }

    /** The token may go to the hosts of these endpoints. */
    public static HttpAuth bearer(String token, java.util.Collection<URI> endpoints) {
        return new HttpAuth(token, endpoints.stream().map(HttpAuth::hostPort).collect(java.util.stream.Collectors.toSet()));
    }

    /** True when the token is to be sent to this URL. */
    public boolean tokenFor(URI uri) {
        return bearerToken != null && tokenHosts.contains(hostPort(uri));
    }

    static String hostPort(URI u) {
        int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return (u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    @Override
    public String toString() {
        return "HttpAuth[bearerToken=" + (bearerToken == null ? "none" : "***") + ", tokenHosts=" + tokenHosts + "]";
    }
}
