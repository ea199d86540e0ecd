package org.skysift.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CLEAN against hand-computed Moffat wings. Bright round object: a = b = 5, filtered flux 1e5 over
 * 400 pixels, detection threshold 10, so amp = 1e5 / (2 pi 25) = 636.6, alpha = (amp/10 - 1) * 25 pi
 * / 400 = 12.30, and with beta = 1 the wing is amp / (1 + alpha r^2 / 25): 10 at the isophote,
 * 6.5 at r = 14 and 0.52 at r = 50.
 */
@Tag("plain")
class CleanerTest {
    private static Detection round(double x, double y, double a, double fdflux, int npix, double mthresh) {
        Detection d = new Detection(0, 0);
        d.mx = x;
        d.my = y;
        d.a = d.b = a;
        d.cxx = d.cyy = 1 / (a * a);
        d.fdflux = d.fluxIso = fdflux;
        d.npix = npix;
        d.dthresh = 10;
        d.mthresh = mthresh;
        d.xmin = d.xmax = (int) x;
        d.ymin = d.ymax = (int) y;
        return d;
    }

    @Test
    void faintDetectionInsideTheWingMergesAndAFarOneSurvives() {
        List<Detection> dets = new ArrayList<>();
        dets.add(round(100, 100, 5, 1e5, 400, 200));
        // raw level 14 at minArea = 4 above threshold; wing there 6.5 -> spurious
        dets.add(round(114, 100, 1, 100, 6, 14));
        // same detection at r = 50: wing 0.52 < 4 -> real
        dets.add(round(100, 150, 1, 100, 6, 14));
        // at r = 14 but 8 above threshold: wing 6.5 < 8 -> real
        dets.add(round(100, 86, 1, 200, 6, 18));
        Cleaner.clean(dets, 1.0, 256, 256);
        assertEquals(0, dets.get(1).mergedInto, "faint detection in the wing is CLEANed into the bright one");
        assertEquals(-1, dets.get(2).mergedInto, "distant detection survives");
        assertEquals(-1, dets.get(3).mergedInto, "detection brighter than the wing survives");
        assertEquals(1e5 + 100, dets.get(0).fdflux, 1e-9);
        assertEquals(406, dets.get(0).npix);
    }
}
