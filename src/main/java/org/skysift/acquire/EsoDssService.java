package org.skysift.acquire;

import java.net.URI;
import java.util.Map;

/**
 * ESO's DSS server, the usual fallback for STScI:
 * {@code ?ra=<ra>&dec=<dec>&equinox=J2000&x=<arcmin>&y=<arcmin>&Sky-Survey=<DSS1|...>&mime-type=download-fits}.
 */
public record EsoDssService(String survey, URI endpoint) implements ImageService {
    public static final String PUBLIC = "https://archive.eso.org/dss/dss/image";
    /** Friendly survey names to ESO's {@code Sky-Survey} values. */
    public static final Map<String, String> CODES = Map.of(
            "dss1-red", "DSS1",
            "dss2-red", "DSS2-red",
            "dss2-blue", "DSS2-blue",
            "dss2-ir", "DSS2-infrared");

    public EsoDssService(String survey, String endpoint) {
        this(survey == null ? "dss1-red" : survey, ImageServices.endpoint(endpoint, PUBLIC, "eso-dss"));
    }

    public EsoDssService {
        if (survey == null || !CODES.containsKey(survey)) {
            throw new IllegalArgumentException("eso-dss survey '" + survey + "' unknown; expected one of "
                    + CODES.keySet().stream().sorted().toList());
        }
    }

    @Override
    public String name() {
        return "eso-dss";
    }

    @Override
    public URI url(double ra, double dec, double widthArcmin, double heightArcmin) {
        ImageServices.checkPosition(ra, dec, widthArcmin, heightArcmin);
        return ImageServices.withQuery(endpoint, "ra=" + ImageServices.num(ImageServices.wrapRa(ra), 6)
                + "&dec=" + ImageServices.num(dec, 6)
                + "&equinox=J2000"
                + "&x=" + ImageServices.num(widthArcmin, 4)
                + "&y=" + ImageServices.num(heightArcmin, 4)
                + "&Sky-Survey=" + CODES.get(survey)
                + "&mime-type=download-fits");
    }
}
