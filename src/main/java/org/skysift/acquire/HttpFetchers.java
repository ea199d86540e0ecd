package org.skysift.acquire;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.apache.hadoop.conf.Configuration;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;

/** The run's fetchers, built from the config's http section: one hardened path for every HTTP request. */
public final class HttpFetchers {
    private static final long MAX_TRUSTSTORE_BYTES = 16L << 20;

    private HttpFetchers() {}

    /**
     * A fetcher with the http section's limits, trust and token.
     *
     * @param endpoints the endpoints the user configured: the only hosts the bearer token goes to
     */
    public static HttpFetcher create(SkySiftConfig.Http http, FetchPolicy policy, BodyCheck check,
                                     Collection<URI> endpoints, Configuration conf) {
        return create(http, policy, check, endpoints, conf, Sleeper.REAL);
    }

    /** As {@link #create(SkySiftConfig.Http, FetchPolicy, BodyCheck, Collection, Configuration)}, waiting on {@code sleeper}. */
    public static HttpFetcher create(SkySiftConfig.Http http, FetchPolicy policy, BodyCheck check,
                                     Collection<URI> endpoints, Configuration conf, Sleeper sleeper) {
        FetchPolicy p = policy.withTotalTimeoutMs(Math.round(http.totalTimeoutS() * 1000))
                .withMaxRedirects(http.maxRedirects());
        return new HttpFetcher(p, sleeper, new Random(), Clock.systemUTC(), check, tls(http, conf),
                HttpAuth.bearer(http.bearerToken(), endpoints));
    }

    /** The SSL context trusting http.truststore besides the JDK's CAs; null when none is configured. */
    static SSLContext tls(SkySiftConfig.Http http, Configuration conf) {
        String store = http.truststore();
        if (store == null || store.isBlank()) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = HadoopFiles.open(store, conf)) {
            bytes = in.readNBytes((int) MAX_TRUSTSTORE_BYTES);
        } catch (IOException e) {
            throw new ConfigException("config key 'http.truststore' = " + store + ": cannot be read: " + e.getMessage(), e);
        }
        try {
            return TrustStores.withExtraTrust(bytes, http.truststorePassword(), "http.truststore " + store);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
