package org.skysift.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * A VizieR catalogue as a {@link ReferenceCatalog}: each cone comes from the cache when present,
 * else from the service (complete, split as needed) and is then cached. Rows are at the
 * catalogue's epoch; move them to the plate's with {@link RefStars#atEpoch}.
 */
public final class VizierReferenceCatalog implements ReferenceCatalog {
    private final VizierClient client;
    private final ConeCache cache;

    /** @param cache where answers are kept; null = no cache */
    public VizierReferenceCatalog(VizierClient client, ConeCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /**
     * The catalogue as the config names it.
     *
     * @param catalog  reference.catalog: usnob1 | gaiadr3
     * @param mags     reference.mag_columns; null or empty = the catalogue's default preference
     * @param endpoint reference.endpoint; null = {@link VizierClient#DEFAULT_ENDPOINT}
     * @param format   reference.format: tsv | votable
     * @param cacheUri reference.cache (a Hadoop URI); null = no cache
     */
    public static VizierReferenceCatalog open(String catalog, List<String> mags, String endpoint, String format,
                                              int maxRows, int maxDepth, String cacheUri, Configuration conf,
                                              TextFetcher fetcher) {
        CatalogSpec spec = CatalogSpec.vizier(catalog);
        if (mags != null && !mags.isEmpty()) {
            spec = spec.withMagnitudes(mags);
        }
        VizierClient client = new VizierClient(fetcher, endpoint, spec, VizierClient.Format.of(format), maxRows, maxDepth);
        return new VizierReferenceCatalog(client, cacheUri == null || cacheUri.isBlank() ? null : new ConeCache(cacheUri, conf));
    }

    @Override
    public String name() {
        return client.spec().key();
    }

    @Override
    public List<RefStar> cone(double ra, double dec, double radiusDeg) throws IOException {
        return answer(ra, dec, radiusDeg).stars();
    }

    /** The cone's rows with the problems met and the requests made. */
    public ConeAnswer answer(double ra, double dec, double radiusDeg) throws IOException {
        String name = ConeCache.fileName(client.spec(), ra, dec, radiusDeg);
        if (cache != null) {
            Optional<List<RefStar>> hit = cache.read(name);
            if (hit.isPresent()) {
                return new ConeAnswer(hit.get(), List.of(), 0, 0, true);
            }
        }
        ConeAnswer fresh = client.cone(ra, dec, radiusDeg);
        if (cache != null) {
            cache.write(name, fresh.stars());
        }
        return fresh;
    }
}
