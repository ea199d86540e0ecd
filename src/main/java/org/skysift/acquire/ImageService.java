package org.skysift.acquire;

import java.io.Serializable;
import java.net.URI;
import org.skysift.sky.Tile;

/**
 * A cutout service that answers one GET with a FITS image of a sky region. Implementations only
 * build the request; fetching, retries and caching live in {@link HttpFetcher} and {@link ImageCache}.
 */
public interface ImageService extends Serializable {

    /** Service name as used in the config and as the first cache folder level, e.g. {@code dss}. */
    String name();

    /** Survey (or HiPS id) the service is asked for; the second cache folder level. */
    String survey();

    /** The request for a cutout centred on (ra, dec) degrees, width x height arcmin. */
    URI url(double ra, double dec, double widthArcmin, double heightArcmin);

    default URI url(Tile tile) {
        try {
            return url(tile.ra(), tile.dec(), tile.widthArcmin(), tile.heightArcmin());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tile " + tile.id() + ": " + e.getMessage(), e);
        }
    }
}
