package org.skysift.acquire;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.skysift.config.Secrets;
import org.skysift.sky.Tile;

/**
 * Tile images from HTTP cutout services, tried in order (the next one on final failure of the
 * previous), through a checksummed cache so that no image is downloaded twice.
 *
 * <p>Two ways to use it. As a plain {@link ImageSource}: {@link #acquire} returns the cached image or
 * fetches and caches it. As two pipeline stages: {@link #prefetch} (network only, never throws, one
 * {@link AcquireOutcome} per tile; run it in few partitions, each fetching sequentially, to cap the
 * requests in flight) and then {@link #readCached} in the CPU stage with full parallelism.
 */
public final class HttpImageSource implements ImageSource {
    private final List<ImageService> services;
    private final HttpFetcher fetcher;
    private final ImageCache cache;

    /** @param cache where images are kept; null = no cache (acquire only; prefetch/readCached need one) */
    public HttpImageSource(List<ImageService> services, HttpFetcher fetcher, ImageCache cache) {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("no image service given");
        }
        this.services = List.copyOf(services);
        this.fetcher = fetcher;
        this.cache = cache;
    }

    public List<ImageService> services() {
        return services;
    }

    @Override
    public AcquiredImage acquire(TileRequest request) throws IOException {
        Tile tile = request.tile();
        Optional<AcquiredImage> hit = cache == null ? Optional.empty() : cached(tile);
        if (hit.isPresent()) {
            return hit.get();
        }
        Fetched f = fetchFromServices(tile);
        String sha = f.result.sha256();
        if (cache != null) {
            cache.store(f.service.name(), f.service.survey(), ImageCache.key(tile), f.result.bytes());
        }
        return new AcquiredImage(f.result.uri().toString(), f.result.bytes(), sha, f.attempts, null);
    }

    /** Makes sure the tile's image is in the cache. Never throws (an interrupt is kept on the thread). */
    public AcquireOutcome prefetch(TileRequest request) {
        requireCache();
        Tile tile = request.tile();
        long t0 = System.nanoTime();
        int attempts = 0;
        try {
            Optional<Hit> hit = lookup(tile);
            if (hit.isPresent()) {
                ImageCache.Entry e = hit.get().entry;
                return new AcquireOutcome(tile.id(), true, true, null, null, e.uri(), 0, e.bytes().length,
                        e.sha256(), ms(t0), null);
            }
            Fetched f = fetchFromServices(tile);
            attempts = f.attempts;
            ImageCache.Entry e = cache.store(f.service.name(), f.service.survey(), ImageCache.key(tile), f.result.bytes());
            return new AcquireOutcome(tile.id(), true, false, f.service.name(), f.result.uri().toString(), e.uri(),
                    f.attempts, e.bytes().length, e.sha256(), ms(t0), null);
        } catch (AcquireFailedException e) {
            return failed(tile, e.attempts(), lastUri(tile), t0, e.getMessage());
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return failed(tile, attempts, lastUri(tile), t0, "interrupted: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return failed(tile, attempts, null, t0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The tile's image from the cache, for the processing stage after {@link #prefetch}.
     * {@code attempts} is 0: no request is made here.
     *
     * @throws FileNotFoundException the cache has no verified copy under any configured service
     */
    public AcquiredImage readCached(TileRequest request) throws IOException {
        requireCache();
        Optional<AcquiredImage> hit = cached(request.tile());
        if (hit.isPresent()) {
            return hit.get();
        }
        String key = ImageCache.key(request.tile());
        throw new FileNotFoundException("tile " + request.tile().id() + ": no verified image in the cache ("
                + cache.pathOf(services.get(0).name(), services.get(0).survey(), key)
                + (services.size() > 1 ? " or the " + (services.size() - 1) + " fallback service folders" : "")
                + "); the acquire stage failed for it or did not run");
    }

    private Optional<AcquiredImage> cached(Tile tile) throws IOException {
        return lookup(tile).map(h -> new AcquiredImage(h.entry.uri(), h.entry.bytes(), h.entry.sha256(), 0, null));
    }

    private record Hit(ImageService service, ImageCache.Entry entry) {}

    private Optional<Hit> lookup(Tile tile) throws IOException {
        String key = ImageCache.key(tile);
        for (ImageService s : services) {
            Optional<ImageCache.Entry> e = cache.lookup(s.name(), s.survey(), key);
            if (e.isPresent()) {
                return Optional.of(new Hit(s, e.get()));
            }
        }
        return Optional.empty();
    }

    private record Fetched(ImageService service, FetchResult result, int attempts) {}

    private Fetched fetchFromServices(Tile tile) throws IOException {
        int attempts = 0;
        List<String> reasons = new ArrayList<>();
        FetchException last = null;
        for (ImageService s : services) {
            URI url;
            try {
                url = s.url(tile);
            } catch (IllegalArgumentException e) {
                reasons.add(s.name() + ": " + e.getMessage());
                continue;
            }
            try {
                FetchResult r = fetcher.fetch(url);
                return new Fetched(s, r, attempts + r.attempts());
            } catch (FetchException e) {
                attempts += e.attempts();
                reasons.add(s.name() + ": " + e.attempts() + (e.attempts() == 1 ? " attempt, " : " attempts, last ")
                        + e.lastReason() + " (" + Secrets.redactText(url.toString()) + ")");
                last = e;
            }
        }
        throw new AcquireFailedException("tile " + tile.id() + ": no image from " + services.size()
                + (services.size() == 1 ? " service" : " services") + " after " + attempts + " attempts: "
                + String.join("; ", reasons), attempts, last);
    }

    private String lastUri(Tile tile) {
        try {
            return Secrets.redactText(services.get(services.size() - 1).url(tile).toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private AcquireOutcome failed(Tile tile, int attempts, String uri, long t0, String reason) {
        return new AcquireOutcome(tile.id(), false, false, null, uri, null, attempts, 0, null, ms(t0), reason);
    }

    private void requireCache() {
        if (cache == null) {
            throw new IllegalStateException("prefetch/readCached need an image cache (image.cache)");
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
