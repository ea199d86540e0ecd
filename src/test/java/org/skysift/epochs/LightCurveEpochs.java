package org.skysift.epochs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.skysift.wcs.TanWcs;

/**
 * A reference and three new epochs of one field ({@link DiffPairs#FIELD} plus a saturated star), each
 * new epoch in other seeing, noise, pointing and rotation with a header WCS a little off, and a set of
 * field stars that change by 0.3 mag in one new epoch (truth per star and epoch; half of them drawn
 * around S/N 20), differenced with
 * {@link Differencer} and turned into epoch planes.
 */
final class LightCurveEpochs {
    static final int N = FieldFrames.SIZE;
    static final double AMPLITUDE_MAG = 0.3;
    /** seeing (arcsec), rotation (deg), pointing offset (px) of each epoch; the reference first */
    static final double[][] EPOCHS = {{5.1, 0, 0, 0}, {6.6, 0.3, 3.4, -2.2}, {4.6, -0.2, -4.1, 2.7}, {5.8, 0.1, 1.3, 5.2}};
    /** A star bright enough to saturate its core (peak ~1.5e5 counts against SATURATE 65535). */
    static final double SATURATED_FLUX = 2e6;
    /**
     * Half the variables are drawn from stars of these fluxes (counts): S/N about 12-45 at their lowest
     * point, around the requirement's S/N 20 (the field's fluxes run log-uniform from 2e3 to 3e5).
     */
    static final double[] EDGE_FLUX = {8000, 25000};

    final List<FieldFrames.Star> stars = new ArrayList<>();
    /** truth[i][e]: star i's flux in epoch e */
    final double[][] truth;
    /** epoch in which star i changes (0 = constant) */
    final int[] changedIn;
    final double[] x0, y0;
    final List<DiffResult> diffs = new ArrayList<>();
    final List<EpochPlane> planes = new ArrayList<>();
    final int saturated;
    /** another star lies within GroupPsfPhotometry.SAME_PX: one object to the photometry */
    final boolean[] blended;

    LightCurveEpochs(int variables, long seed) {
        stars.addAll(DiffPairs.FIELD);
        double[] sp = DiffPairs.REF.pixelToSky(120.3, 260.7);
        stars.add(new FieldFrames.Star(sp[0], sp[1], SATURATED_FLUX));
        saturated = stars.size() - 1;
        int n = stars.size(), ne = EPOCHS.length;
        truth = new double[n][ne];
        changedIn = new int[n];
        x0 = new double[n];
        y0 = new double[n];
        for (int i = 0; i < n; i++) {
            double[] p = DiffPairs.REF.skyToPixel(stars.get(i).ra(), stars.get(i).dec());
            x0[i] = p[0] - 1;
            y0[i] = p[1] - 1;
            java.util.Arrays.fill(truth[i], stars.get(i).flux());
        }
        blended = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                blended[i] |= j != i && Math.hypot(x0[j] - x0[i], y0[j] - y0[i]) < GroupPsfPhotometry.SAME_PX;
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int v = 0; v < variables; ) {
            int i = rnd.nextInt(DiffPairs.FIELD.size());
            boolean edgeRange = stars.get(i).flux() >= EDGE_FLUX[0] && stars.get(i).flux() <= EDGE_FLUX[1];
            if (changedIn[i] != 0 || blended[i] || x0[i] < 20 || y0[i] < 20 || x0[i] > N - 21 || y0[i] > N - 21
                    || (v < variables / 2 && !edgeRange)) {
                continue;
            }
            changedIn[i] = 1 + v % (ne - 1);
            truth[i][changedIn[i]] *= Math.pow(10, (v % 2 == 0 ? 0.4 : -0.4) * AMPLITUDE_MAG);
            v++;
        }
        StackFrame ref = null;
        for (int e = 0; e < ne; e++) {
            double[] ep = EPOCHS[e];
            TanWcs truthWcs = FieldFrames.wcs(N, N, FieldFrames.SCALE, ep[1], ep[2], ep[3]);
            // the header is off by 0.3 px and 0.02 deg (0 for the reference), for the star refinement
            TanWcs header = e == 0 ? truthWcs : FieldFrames.wcs(N, N, FieldFrames.SCALE, ep[1] + 0.02, ep[2] + 0.3, ep[3] - 0.3);
            List<FieldFrames.Star> sky = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sky.add(new FieldFrames.Star(stars.get(i).ra(), stars.get(i).dec(), truth[i][e]));
            }
            float[] img = FieldFrames.noisy(FieldFrames.model(truthWcs, N, N, FieldFrames.SCALE, ep[0], sky), 1000 + 17L * e + seed);
            StackFrame f = FieldFrames.frame("epoch" + e + ".fits", img, N, N, header);
            if (e == 0) {
                ref = f;
            } else {
                diffs.add(DiffPairs.diff(ref, f));
            }
        }
        planes.add(EpochPlane.reference("epoch0", diffs));
        for (int e = 1; e < ne; e++) {
            planes.add(EpochPlane.fresh("epoch" + e, diffs.get(e - 1)));
        }
    }
}
