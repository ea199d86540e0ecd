package org.skysift.catalog;

import java.io.IOException;
import java.util.List;

/** One abstraction for every reference source: the stars within a cone. */
public interface ReferenceCatalog {
    /** Short name written to matches.ref_catalog. */
    String name();

    List<RefStar> cone(double ra, double dec, double radiusDeg) throws IOException;
}
