package org.skysift.catalog;

import java.util.ArrayList;
import java.util.List;

/** Operations on lists of reference rows. */
public final class RefStars {
    private RefStars() {}

    /**
     * Every row moved to {@code epoch} (Julian years, e.g. the plate's DATE-OBS); rows without proper
     * motion are kept as they are. A NaN epoch returns the list unchanged.
     */
    public static List<RefStar> atEpoch(List<RefStar> stars, double epoch) {
        if (!Double.isFinite(epoch)) {
            return stars;
        }
        List<RefStar> out = new ArrayList<>(stars.size());
        for (RefStar s : stars) {
            out.add(s.atEpoch(epoch));
        }
        return out;
    }
}
