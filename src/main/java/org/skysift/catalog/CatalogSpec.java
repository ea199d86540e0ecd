package org.skysift.catalog;

import java.util.List;
import java.util.Locale;

/**
 * How to read one catalogue's rows: which columns hold the id, position, proper motion and
 * magnitudes, and the epoch the positions are given at. The VizieR ones also name the table and
 * the columns to ask for.
 *
 * @param key            short name, written to matches.ref_catalog
 * @param vizierSource   VizieR table (-source), null for a plain file
 * @param outColumns     the -out list asked of VizieR
 * @param idNames        candidate id columns, first present wins (likewise for the other roles)
 * @param magNames       magnitudes in order of preference: the first non-blank one of a row is used
 * @param epochNames     a per-row epoch column, if the catalogue has one
 * @param positionEpoch  epoch (Julian years) of the positions when no epoch column is present; NaN = unknown
 */
public record CatalogSpec(String key, String vizierSource, List<String> outColumns,
                          List<String> idNames, List<String> raNames, List<String> decNames,
                          List<String> pmraNames, List<String> pmdecNames, List<String> epochNames,
                          double positionEpoch, List<String> magNames) {

    /**
     * USNO-B1.0 (Monet et al. 2003), VizieR I/284/out. RAJ2000/DEJ2000 are at epoch J2000.0 (the
     * catalogue moved every star there with its fitted motion); its Epoch column is the mean epoch
     * of the plate observations, not of the positions, so it is not used. R1mag is the POSS-I red
     * (E plate) magnitude: the survey of DSS1-red plates.
     */
    public static final CatalogSpec USNOB1 = new CatalogSpec("usnob1", "I/284/out",
            List.of("USNO-B1.0", "RAJ2000", "DEJ2000", "Epoch", "pmRA", "pmDE", "B1mag", "R1mag", "B2mag", "R2mag", "Imag"),
            List.of("USNO-B1.0"), List.of("RAJ2000"), List.of("DEJ2000"), List.of("pmRA"), List.of("pmDE"),
            List.of(), 2000.0, List.of("R1mag", "R2mag"));

    /** Gaia DR3 (I/355/gaiadr3): RA_ICRS/DE_ICRS at epoch 2016.0, pmRA including cos(Dec). */
    public static final CatalogSpec GAIADR3 = new CatalogSpec("gaiadr3", "I/355/gaiadr3",
            List.of("Source", "RA_ICRS", "DE_ICRS", "pmRA", "pmDE", "Gmag", "BPmag", "RPmag"),
            List.of("Source"), List.of("RA_ICRS"), List.of("DE_ICRS"), List.of("pmRA"), List.of("pmDE"),
            List.of(), 2016.0, List.of("Gmag"));

    /**
     * Any table with recognisable names, falling back to UCDs (see {@link StarRows}); positions at
     * {@code epoch} unless an epoch column is present.
     */
    public static CatalogSpec generic(String key, double epoch) {
        return new CatalogSpec(key, null, List.of(),
                List.of("id", "source_id", "Source", "USNO-B1.0", "designation", "name"),
                List.of("ra", "RA_ICRS", "RAJ2000", "RAdeg", "_RAJ2000"),
                List.of("dec", "DE_ICRS", "DEJ2000", "DEdeg", "_DEJ2000"),
                List.of("pmra", "pmRA"), List.of("pmdec", "pmDE"), List.of("epoch", "ref_epoch"),
                epoch, List.of("mag", "Gmag", "phot_g_mean_mag", "R1mag", "R2mag", "Rmag"));
    }

    /** The VizieR catalogue named by reference.catalog. */
    public static CatalogSpec vizier(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "usnob1" -> USNOB1;
            case "gaiadr3" -> GAIADR3;
            default -> throw new IllegalArgumentException("reference.catalog '" + name + "': expected usnob1 or gaiadr3");
        };
    }

    /** The same catalogue with another magnitude preference (e.g. RPmag for Gaia against red plates). */
    public CatalogSpec withMagnitudes(List<String> mags) {
        return new CatalogSpec(key, vizierSource, outColumns, idNames, raNames, decNames, pmraNames, pmdecNames,
                epochNames, positionEpoch, List.copyOf(mags));
    }
}
