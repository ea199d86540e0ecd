package org.skysift.epochs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.skysift.wcs.TanWcs;

/**
 * Pairs of rendered epochs of one field ({@link FieldFrames}): the new epoch is pointed 3-4 px off,
 * turned 0.3 deg, with a header WCS off by a further 0.4 px and 0.02 deg, in other seeing and noise,
 * with changes injected in sky coordinates (truth).
 */
final class DiffPairs {
    static final int N = FieldFrames.SIZE;
    static final List<FieldFrames.Star> FIELD = FieldFrames.field(450, 7);
    static final TanWcs REF = FieldFrames.reference();
    static final TanWcs NEW_TRUE = FieldFrames.wcs(N, N, FieldFrames.SCALE, 0.3, 3.4, -2.2);
    static final TanWcs NEW_HEADER = FieldFrames.wcs(N, N, FieldFrames.SCALE, 0.32, 3.77, -2.41);

    /** An injected change: flux on the reference and on the new epoch (0 = absent). */
    record Change(TransientKind kind, double ra, double dec, double fluxRef, double fluxNew) {
        double delta() {
            return fluxNew - fluxRef;
        }

        double[] refPixel() {
            return REF.skyToPixel(ra, dec);
        }
    }

    private DiffPairs() {}

    static StackFrame reference(List<FieldFrames.Star> stars, double seeing, long seed) {
        return FieldFrames.frame("ref.fits", FieldFrames.noisy(FieldFrames.model(REF, N, N, FieldFrames.SCALE, seeing,
                stars), seed), N, N, REF);
    }

    static StackFrame fresh(List<FieldFrames.Star> stars, double seeing, long seed) {
        return FieldFrames.frame("new.fits", FieldFrames.noisy(FieldFrames.model(NEW_TRUE, N, N, FieldFrames.SCALE,
                seeing, stars), seed), N, N, NEW_HEADER);
    }

    /**
     * perKind changes of each kind with |change| drawn log-uniform in [lo, hi] counts, at least 30 px
     * inside the reference frame, 12 px from field stars above 1000 counts and 20 px from each other.
     * Brightened: f -> 2f; faded: 2f -> f; so |change| = f for all four.
     */
    static List<Change> changes(int perKind, double lo, double hi, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Change> out = new ArrayList<>();
        List<double[]> taken = new ArrayList<>();
        for (FieldFrames.Star s : FIELD) {
            if (s.flux() > 1000) {
                taken.add(REF.skyToPixel(s.ra(), s.dec()));
            }
        }
        int fieldStars = taken.size();
        for (TransientKind kind : TransientKind.values()) {
            for (int k = 0; k < perKind; ) {
                double x = 30 + rnd.nextDouble() * (N - 60), y = 30 + rnd.nextDouble() * (N - 60);
                double f = Math.exp(Math.log(lo) + rnd.nextDouble() * Math.log(hi / lo));
                boolean free = true;
                for (int j = 0; j < taken.size() && free; j++) {
                    double d = Math.hypot(taken.get(j)[0] - x, taken.get(j)[1] - y);
                    free = d > (j < fieldStars ? 12 : 20);
                }
                if (!free) {
                    continue;
                }
                taken.add(new double[] {x, y});
                double[] sky = REF.pixelToSky(x, y);
                out.add(switch (kind) {
                    case APPEARED -> new Change(kind, sky[0], sky[1], 0, f);
                    case VANISHED -> new Change(kind, sky[0], sky[1], f, 0);
                    case BRIGHTENED -> new Change(kind, sky[0], sky[1], f, 2 * f);
                    case FADED -> new Change(kind, sky[0], sky[1], 2 * f, f);
                });
                k++;
            }
        }
        return out;
    }

    /** The field plus each change's star as it is in one epoch. */
    static List<FieldFrames.Star> with(List<Change> changes, boolean newEpoch) {
        List<FieldFrames.Star> out = new ArrayList<>(FIELD);
        for (Change c : changes) {
            double f = newEpoch ? c.fluxNew() : c.fluxRef();
            if (f > 0) {
                out.add(new FieldFrames.Star(c.ra(), c.dec(), f));
            }
        }
        return out;
    }

    /**
     * A null pair (no change) of size x size px: a field of the 400 px frames' star density (450 stars
     * per 400^2 px), the new epoch pointed, turned and with its header WCS off as for the 400 px pairs.
     */
    static DiffResult nullPair(int size, double seeingRef, double seeingNew, long seed) {
        List<FieldFrames.Star> field = FieldFrames.field((int) Math.round(450.0 * size * size / (N * N)), seed, size);
        TanWcs ref = FieldFrames.wcs(size, size, FieldFrames.SCALE, 0, 0, 0);
        TanWcs newTrue = FieldFrames.wcs(size, size, FieldFrames.SCALE, 0.3, 3.4, -2.2);
        TanWcs newHeader = FieldFrames.wcs(size, size, FieldFrames.SCALE, 0.32, 3.77, -2.41);
        StackFrame a = FieldFrames.frame("ref.fits", FieldFrames.noisy(FieldFrames.model(ref, size, size, FieldFrames.SCALE,
                seeingRef, field), seed + 1), size, size, ref);
        StackFrame b = FieldFrames.frame("new.fits", FieldFrames.noisy(FieldFrames.model(newTrue, size, size,
                FieldFrames.SCALE, seeingNew, field), seed + 2), size, size, newHeader);
        return diff(a, b);
    }

    static DiffResult diff(StackFrame ref, StackFrame fresh) {
        return new Differencer(DiffSettings.of(DiffSettings.DEFAULT_THRESHOLD, 64, 3)).diff(ref, fresh);
    }
}
