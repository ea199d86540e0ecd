package org.skysift.match;

import java.util.ArrayList;
import java.util.List;
import org.skysift.catalog.RefStar;

/**
 * Best (nearest) counterpart per source within the radius ({@link MatchMode#BEST} of
 * {@link CrossMatcher}): exact across RA 0/360 and at the poles. Ties go to the reference that
 * comes first in the list.
 */
public final class NearestMatcher implements Matcher {

    @Override
    public List<Match> match(double[] ra, double[] dec, List<RefStar> refs, double radiusArcsec) {
        List<Match> out = new ArrayList<>();
        if (refs.isEmpty() || ra.length == 0) {
            return out;
        }
        MatchResult r = CrossMatcher.pairs(index(refs, radiusArcsec), ra, dec, MatchMode.BEST);
        for (int k = 0; k < r.size(); k++) {
            out.add(new Match(r.left()[k], refs.get(r.right()[k]), r.sepArcsec()[k]));
        }
        return out;
    }

    /** Distance in arcsec from each position to its nearest reference star (any distance up to maxArcsec), else NaN. */
    public static double[] nearestSeparations(double[] ra, double[] dec, List<RefStar> refs, double maxArcsec) {
        double[] out = new double[ra.length];
        java.util.Arrays.fill(out, Double.NaN);
        if (refs.isEmpty() || ra.length == 0) {
            return out;
        }
        MatchResult r = CrossMatcher.pairs(index(refs, maxArcsec), ra, dec, MatchMode.BEST);
        for (int k = 0; k < r.size(); k++) {
            out[r.left()[k]] = r.sepArcsec()[k];
        }
        return out;
    }

    private static SkyIndex index(List<RefStar> refs, double radiusArcsec) {
        double[] rra = new double[refs.size()], rdec = new double[refs.size()];
        for (int j = 0; j < rra.length; j++) {
            rra[j] = refs.get(j).ra();
            rdec[j] = refs.get(j).dec();
        }
        return new SkyIndex(rra, rdec, radiusArcsec);
    }
}
