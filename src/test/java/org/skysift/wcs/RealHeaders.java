package org.skysift.wcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.skysift.fits.FitsHeader;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.testing.SharedData;

/** The real DSS headers in ../shared/data (tests skip when absent). */
final class RealHeaders {
    static final String M101 = "dss/dss1red_POSSI-E_XE133_M101.fits";
    static final String UKST = "dss/dss1_UKST_S134_dss.14.29.56-62.41.05.fits.gz";
    static final String PLATE_XE133 = "plates/dss1red_XE133.fits.header.json";
    static final String PLATE_XE687 = "plates/dss1red_XE687.fits.header.json";
    /** A 15 micron POSS-I O cutout's header (no pixels) with its expected pixel -> sky pairs. */
    static final String BLUE_XO121 = "plates/dss1blue_POSSI-O_XO121.header.json";

    private RealHeaders() {}

    static FitsImage image(String relative) throws IOException {
        Path p = SharedData.require(relative);
        try (InputStream in = Files.newInputStream(p)) {
            return FitsReader.read(in, p.toString());
        }
    }

    static FitsHeader header(String relative) throws IOException {
        return image(relative).header();
    }

    /** A full-plate header from its JSON export {"meta":..., "header":{KEY: value}}. */
    static FitsHeader plate(String relative) throws IOException {
        Path p = SharedData.require(relative);
        JsonNode header = new ObjectMapper().readTree(p.toFile()).get("header");
        Map<String, String> cards = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            cards.put(e.getKey().toUpperCase(java.util.Locale.ROOT), e.getValue().asText());
        }
        return new FitsHeader(cards);
    }

    /** The {x, y, ra, dec} rows of a header export's "expected" list (FITS 1-based pixels, degrees). */
    static double[][] expected(String relative) throws IOException {
        Path p = SharedData.require(relative);
        JsonNode list = new ObjectMapper().readTree(p.toFile()).get("expected");
        double[][] out = new double[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            out[i] = new double[] {e.get("x").asDouble(), e.get("y").asDouble(), e.get("ra").asDouble(),
                e.get("dec").asDouble()};
        }
        return out;
    }

    /** Largest separation (arcsec) of two WCSs over a grid x grid of pixels spanning 1..n1, 1..n2, corners included. */
    static double maxSeparation(Wcs a, Wcs b, int n1, int n2, int grid) {
        double worst = 0;
        for (int j = 0; j < grid; j++) {
            for (int i = 0; i < grid; i++) {
                double x = 1 + i * (n1 - 1) / (grid - 1.0), y = 1 + j * (n2 - 1) / (grid - 1.0);
                double[] p = a.pixelToSky(x, y), q = b.pixelToSky(x, y);
                worst = Math.max(worst, org.skysift.sky.Angles.separationArcsec(p[0], p[1], q[0], q[1]));
            }
        }
        return worst;
    }

    /** The header without the given keys (to force a lower-precedence WCS). */
    static FitsHeader without(FitsHeader h, java.util.function.Predicate<String> drop) {
        Map<String, String> cards = new LinkedHashMap<>(h.cards());
        cards.keySet().removeIf(drop);
        return new FitsHeader(cards);
    }

    static FitsHeader with(FitsHeader h, Map<String, String> extra) {
        Map<String, String> cards = new LinkedHashMap<>(h.cards());
        cards.putAll(extra);
        return new FitsHeader(cards);
    }
}
