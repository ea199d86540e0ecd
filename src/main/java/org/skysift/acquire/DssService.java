package org.skysift.acquire;

import java.net.URI;
import java.util.Map;

/**
 * STScI {@code dss_search}: {@code ?v=<survey>&r=<ra>&d=<dec>&e=J2000&h=<arcmin>&w=<arcmin>&f=fits&c=none}.
 * The service cuts at most 60' a side; larger requests are refused here rather than silently clipped.
 */
public record DssService(String survey, URI endpoint) implements ImageService {
    public static final String PUBLIC = "https://archive.stsci.edu/cgi-bin/dss_search";
    public static final double MAX_ARCMIN = 60.0;
    /** Friendly survey names to dss_search {@code v} codes. */
    public static final Map<String, String> CODES = Map.of(
            "dss1-red", "poss1_red",
            "dss2-red", "poss2ukstu_red",
            "dss2-blue", "poss2ukstu_blue",
            "dss2-ir", "poss2ukstu_ir");

    public DssService(String survey, String endpoint) {
        this(survey == null ? "dss1-red" : survey, ImageServices.endpoint(endpoint, PUBLIC, "dss"));
    }

    public DssService {
        if (survey == null || !CODES.containsKey(survey) && !CODES.containsValue(survey) && !survey.matches("[1-4]")) {
            throw new IllegalArgumentException("dss survey '" + survey + "' unknown; expected one of "
                    + CODES.keySet().stream().sorted().toList() + " (or a dss_search code such as poss1_red)");
        }
    }

    @Override
    public String name() {
        return "dss";
    }

    /** The {@code v} parameter. */
    public String code() {
        return CODES.getOrDefault(survey, survey);
    }

    @Override
    public URI url(double ra, double dec, double widthArcmin, double heightArcmin) {
        ImageServices.checkPosition(ra, dec, widthArcmin, heightArcmin);
        if (widthArcmin > MAX_ARCMIN || heightArcmin > MAX_ARCMIN) {
            throw new IllegalArgumentException("cutout " + widthArcmin + "' x " + heightArcmin
                    + "' is larger than the " + MAX_ARCMIN + "' dss_search serves");
        }
        return ImageServices.withQuery(endpoint, "v=" + code()
                + "&r=" + ImageServices.num(ImageServices.wrapRa(ra), 6)
                + "&d=" + ImageServices.num(dec, 6)
                + "&e=J2000"
                + "&h=" + ImageServices.num(heightArcmin, 4)
                + "&w=" + ImageServices.num(widthArcmin, 4)
                + "&f=fits&c=none");
    }
}
