package org.skysift.match;

import java.util.ArrayList;
import java.util.List;
import org.skysift.catalog.RefStar;
import org.skysift.sky.Angles;

/**
 * Best (nearest) counterpart per source within the radius, found through a grid of unit-vector
 * cells: exact across RA 0/360 and at the poles because distances are taken on the sphere. Ties go
 * to the reference that comes first in the list.
 */
public final class NearestMatcher implements Matcher {

    @Override
    public List<Match> match(double[] ra, double[] dec, List<RefStar> refs, double radiusArcsec) {
        List<Match> out = new ArrayList<>();
        if (refs.isEmpty() || ra.length == 0) {
            return out;
        }
        UnitGrid grid = new UnitGrid(refs, radiusArcsec / 3600.0);
        for (int i = 0; i < ra.length; i++) {
            int best = grid.nearest(ra[i], dec[i]);
            if (best >= 0) {
                RefStar r = refs.get(best);
                double sep = Angles.separationArcsec(ra[i], dec[i], r.ra(), r.dec());
                if (sep <= radiusArcsec) {
                    out.add(new Match(i, r, sep));
                }
            }
        }
        return out;
    }

    /** Distance in arcsec from each position to its nearest reference star (any distance up to maxArcsec), else NaN. */
    public static double[] nearestSeparations(double[] ra, double[] dec, List<RefStar> refs, double maxArcsec) {
        double[] out = new double[ra.length];
        UnitGrid grid = refs.isEmpty() ? null : new UnitGrid(refs, maxArcsec / 3600.0);
        for (int i = 0; i < ra.length; i++) {
            int best = grid == null ? -1 : grid.nearest(ra[i], dec[i]);
            out[i] = best < 0 ? Double.NaN
                    : Angles.separationArcsec(ra[i], dec[i], refs.get(best).ra(), refs.get(best).dec());
        }
        return out;
    }
}
