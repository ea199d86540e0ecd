package org.skysift.epochs;

import java.util.List;
import org.skysift.wcs.Wcs;

/**
 * Registers a frame's stars to the reference frame's stars. The two WCS carry each frame star to a
 * predicted reference pixel; matched pairs then fit an affine correction C with C(reference star)
 * = predicted position, so that reference pixel X lies at frame pixel frameWcs(refWcs^-1(C(X))).
 * An affine absorbs what plate WCS usually get wrong at this level (a zero-point shift, a small
 * rotation or scale error); higher-order errors show up in the rms.
 */
final class Registrar {
    private final Wcs refWcs;
    private final FrameStars refStars;
    private final double searchPx;
    private final int minMatches;

    Registrar(Wcs refWcs, FrameStars refStars, double searchPx, int minMatches) {
        this.refWcs = refWcs;
        this.refStars = refStars;
        this.searchPx = searchPx;
        this.minMatches = minMatches;
    }

    FrameRegistration register(String name, Wcs wcs, FrameStars stars) {
        int n = stars.size();
        if (n < minMatches) {
            return FrameRegistration.failed(name, RegistrationStatus.NO_STARS, n, n + " usable stars (S/N >= "
                    + (int) FrameStars.MIN_SNR + "), at least " + minMatches + " needed");
        }
        double[] px = new double[n], py = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double[] sky = wcs.pixelToSky(stars.x()[i], stars.y()[i]);
            double[] p = sky == null ? null : refWcs.skyToPixel(sky[0], sky[1]);
            if (p != null && Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                px[k] = p[0];
                py[k] = p[1];
                k++;
            }
        }
        px = java.util.Arrays.copyOf(px, k);
        py = java.util.Arrays.copyOf(py, k);
        List<int[]> pairs = StarPairs.match(px, py, refStars.x(), refStars.y(), searchPx);
        int m = pairs.size();
        double[] rx = new double[m], ry = new double[m], u = new double[m], v = new double[m];
        for (int i = 0; i < m; i++) {
            int[] p = pairs.get(i);
            rx[i] = refStars.x()[p[1]];
            ry[i] = refStars.y()[p[1]];
            u[i] = px[p[0]];
            v[i] = py[p[0]];
        }
        AffineFit.Result fit = m >= minMatches ? AffineFit.fit(rx, ry, u, v, minMatches) : null;
        if (fit == null) {
            return FrameRegistration.failed(name, RegistrationStatus.TOO_FEW_MATCHES, n, m
                    + " star pairs within " + searchPx + " px of the WCS prediction, " + minMatches + " needed after"
                    + " clipping (WCS too far off, another field, or too little overlap)");
        }
        return new FrameRegistration(name, RegistrationStatus.REGISTERED, n, fit.used(), fit.rmsPx(), fit.affine(),
                null);
    }
}
