package org.skysift.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.skysift.sky.Angles;

/** An in-memory catalog sorted by declination, answering cones by a declination band scan. */
public final class StarTable {
    private final RefStar[] byDec;
    private final double[] decs;

    public StarTable(List<RefStar> stars) {
        this.byDec = stars.toArray(new RefStar[0]);
        Arrays.sort(byDec, Comparator.comparingDouble(RefStar::dec).thenComparing(RefStar::id));
        this.decs = new double[byDec.length];
        for (int i = 0; i < byDec.length; i++) {
            decs[i] = byDec[i].dec();
        }
    }

    public int size() {
        return byDec.length;
    }

    public List<RefStar> cone(double ra, double dec, double radiusDeg) {
        int i = Arrays.binarySearch(decs, dec - radiusDeg);
        if (i < 0) {
            i = -i - 1;
        }
        while (i > 0 && decs[i - 1] >= dec - radiusDeg) {
            i--;
        }
        List<RefStar> out = new ArrayList<>();
        for (; i < decs.length && decs[i] <= dec + radiusDeg; i++) {
            RefStar s = byDec[i];
            if (Angles.separationDeg(ra, dec, s.ra(), s.dec()) <= radiusDeg) {
                out.add(s);
            }
        }
        return out;
    }
}
