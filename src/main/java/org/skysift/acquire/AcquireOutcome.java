package org.skysift.acquire;

import java.io.Serializable;

/**
 * What the acquire stage did for one tile; never an exception, so a partition of tiles always
 * yields one row per tile.
 *
 * @param ok        the image is now in the cache
 * @param cached    it was already there (no request made)
 * @param service   the service that served it (null when cached or failed)
 * @param uri       the request URL that succeeded, or the last one tried when failed
 * @param cacheUri  where the image is stored (null when failed)
 * @param attempts  HTTP requests made over all services (0 on a cache hit)
 * @param bytes     image size (0 when failed)
 * @param sha256    of the image bytes (null when failed)
 * @param elapsedMs wall time of the acquisition, waits included
 * @param reason    why it failed (each service's last reason), null when ok
 */
public record AcquireOutcome(long tileId, boolean ok, boolean cached, String service, String uri, String cacheUri,
                             int attempts, long bytes, String sha256, long elapsedMs, String reason)
        implements Serializable {}
