package org.skysift.acquire;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * CDS hips2fits: resamples any HiPS onto a TAN grid we choose. The pixel counts come from the wanted
 * scale; {@code fov} is the angular size of the larger side, as the service defines it.
 */
public record Hips2FitsService(String hips, URI endpoint, double pixelScaleArcsec) implements ImageService {
    public static final String PUBLIC = "https://alasky.cds.unistra.fr/hips-image-services/hips2fits";
    public static final String DEFAULT_HIPS = "CDS/P/DSS2/red";
    /** Keeps one request from asking for a giant image by a typo in the scale. */
    public static final int MAX_SIDE_PX = 20000;

    public Hips2FitsService(String hips, String endpoint, double pixelScaleArcsec) {
        this(hips == null || hips.isBlank() ? DEFAULT_HIPS : hips.strip(),
                ImageServices.endpoint(endpoint, PUBLIC, "hips2fits"), pixelScaleArcsec);
    }

    public Hips2FitsService {
        if (!(pixelScaleArcsec > 0) || !Double.isFinite(pixelScaleArcsec)) {
            throw new IllegalArgumentException("hips2fits pixel scale " + pixelScaleArcsec + "\"/px must be positive");
        }
        if (hips.isEmpty() || hips.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("hips id '" + hips + "' is empty or holds blanks");
        }
    }

    @Override
    public String name() {
        return "hips2fits";
    }

    @Override
    public String survey() {
        return hips;
    }

    public int pixels(double arcmin) {
        long px = Math.max(1, Math.round(arcmin * 60.0 / pixelScaleArcsec));
        if (px > MAX_SIDE_PX) {
            throw new IllegalArgumentException(arcmin + "' at " + pixelScaleArcsec + "\"/px is " + px
                    + " px, more than the " + MAX_SIDE_PX + " px allowed per side");
        }
        return (int) px;
    }

    @Override
    public URI url(double ra, double dec, double widthArcmin, double heightArcmin) {
        ImageServices.checkPosition(ra, dec, widthArcmin, heightArcmin);
        int w = pixels(widthArcmin);
        int h = pixels(heightArcmin);
        // The pixel grid is what we asked for, so the fov is that grid's larger side (not the raw arcmin),
        // keeping the delivered scale exactly pixelScaleArcsec.
        double fovDeg = Math.max(w, h) * pixelScaleArcsec / 3600.0;
        String id = URLEncoder.encode(hips, StandardCharsets.UTF_8).replace("%2F", "/");
        return ImageServices.withQuery(endpoint, "hips=" + id
                + "&width=" + w + "&height=" + h
                + "&fov=" + ImageServices.num(fovDeg, 8)
                + "&projection=TAN&coordsys=icrs"
                + "&ra=" + ImageServices.num(ImageServices.wrapRa(ra), 6)
                + "&dec=" + ImageServices.num(dec, 6)
                + "&format=fits");
    }
}
