package org.skysift.calibrate;

import org.skysift.fits.FitsImage;

/** Where an image saturates. */
public final class SaturationLevel {
    private SaturationLevel() {}

    /**
     * SATURATE or DATAMAX from the header; else the maximum pixel when at least three pixels pile up
     * there (a clipped detector or a digitised plate's ceiling); else infinity (nothing saturates).
     */
    public static double of(FitsImage img) {
        Double h = img.header().getDouble("SATURATE");
        if (h == null) {
            h = img.header().getDouble("DATAMAX");
        }
        if (h != null) {
            return h;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : img.data()) {
            if (v > max) {
                max = v;
            }
        }
        int atMax = 0;
        for (float v : img.data()) {
            if (v == max) {
                atMax++;
            }
        }
        return atMax >= 3 ? max : Double.POSITIVE_INFINITY;
    }
}
