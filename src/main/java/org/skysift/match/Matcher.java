package org.skysift.match;

import java.util.List;
import org.skysift.catalog.RefStar;

/** Pairs positions with reference stars. The stage the cross-match issue replaces. */
public interface Matcher {
    /**
     * @param ra  source right ascensions (deg)
     * @param dec source declinations (deg)
     * @return at most one match per source, within the radius
     */
    List<Match> match(double[] ra, double[] dec, List<RefStar> refs, double radiusArcsec);
}
