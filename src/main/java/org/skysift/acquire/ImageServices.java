package org.skysift.acquire;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Builds the configured services and holds the small helpers their URL builders share. */
public final class ImageServices {
    public static final List<String> NAMES = List.of("dss", "eso-dss", "hips2fits");

    private ImageServices() {}

    /**
     * One service by its config name.
     *
     * @param survey  dss / eso-dss: dss1-red, dss2-red, dss2-blue, dss2-ir (dss also takes the raw
     *                dss_search codes); ignored by hips2fits
     * @param hips    hips2fits: HiPS id, null = CDS/P/DSS2/red
     * @param endpoint base URL, null or blank = the public service
     * @param pixelScaleArcsec hips2fits: output pixel scale that sets width/height in pixels
     */
    public static ImageService create(String name, String survey, String hips, String endpoint, double pixelScaleArcsec) {
        return switch (name) {
            case "dss" -> new DssService(survey, endpoint);
            case "eso-dss" -> new EsoDssService(survey, endpoint);
            case "hips2fits" -> new Hips2FitsService(hips, endpoint, pixelScaleArcsec);
            default -> throw new IllegalArgumentException("image source '" + name + "' is not an HTTP service; expected one of " + NAMES);
        };
    }

    /**
     * The ordered fallback list. {@code endpoints} is empty (all public), one entry per service, or a
     * single entry used for every service (handy for a local mirror/test server); null entries = public.
     */
    public static List<ImageService> create(List<String> names, String survey, String hips, List<String> endpoints,
                                            double pixelScaleArcsec) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no image service named");
        }
        if (endpoints.size() > 1 && endpoints.size() != names.size()) {
            throw new IllegalArgumentException("image.endpoint lists " + endpoints.size() + " URLs for "
                    + names.size() + " services " + names + "; give one per service, one for all, or none");
        }
        List<ImageService> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String ep = endpoints.isEmpty() ? null : endpoints.get(endpoints.size() == 1 ? 0 : i);
            out.add(create(names.get(i), survey, hips, ep, pixelScaleArcsec));
        }
        return List.copyOf(out);
    }

    /** A decimal without exponent or trailing zeros, rounded to {@code digits} places. */
    static String num(double v, int digits) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        String s = BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** RA wrapped into [0, 360). */
    static double wrapRa(double ra) {
        double r = ra % 360.0;
        return r < 0 ? r + 360.0 : r;
    }

    static void checkPosition(double ra, double dec, double w, double h) {
        if (!Double.isFinite(ra) || !Double.isFinite(dec) || dec < -90 || dec > 90) {
            throw new IllegalArgumentException("position (" + ra + ", " + dec + ") is not a sky position");
        }
        if (!(w > 0) || !(h > 0)) {
            throw new IllegalArgumentException("cutout size " + w + "' x " + h + "' must be positive");
        }
    }

    static URI endpoint(String given, String fallback, String service) {
        String s = given == null || given.isBlank() ? fallback : given.strip();
        try {
            URI u = new URI(s);
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException(service + " endpoint '" + s + "' is not an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(service + " endpoint '" + s + "' is not a URL: " + e.getMessage(), e);
        }
    }

    /** The endpoint with the query appended ('?' or '&' depending on whether it already has one). */
    static URI withQuery(URI endpoint, String query) {
        String base = endpoint.toString();
        return URI.create(base + (endpoint.getRawQuery() == null ? "?" : "&") + query);
    }
}
