package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class ZogyTest {

    /**
     * S's sky noise is 1.2 times the predicted one on background pixels; stars (large variance), masked
     * pixels (huge S) and a few transients (strong outliers on the sky) must not move the estimate.
     */
    @Test
    void skyScaleIsTheRobustSpreadOfSOnBackgroundPixelsOnly() {
        int n = 200_000;
        double vUnit = 9.0;
        float[] s = new float[n], vPix = new float[n], extra = new float[n];
        boolean[] exclude = new boolean[n];
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            vPix[i] = (float) vUnit;
            s[i] = (float) (1.2 * 3.0 * rnd.nextGaussian());
            if (i % 10 == 0) {                 // a star: its own variance, S far off
                vPix[i] = (float) (4 * vUnit);
                s[i] = 500;
            } else if (i % 10 == 1) {          // mismatch and astrometric terms
                extra[i] = (float) vUnit;
                s[i] = -300;
            } else if (i % 10 == 2) {          // masked or near a mask
                exclude[i] = true;
                s[i] = 1e4f;
            } else if (i % 1000 == 3) {        // transients on the sky (a MAD moves by about their share)
                s[i] = 200;
            }
        }
        assertEquals(1.44, Zogy.skyScale2(s, vPix, extra, exclude, vUnit), 0.03);
        // too few sky pixels: the variances are taken as given
        boolean[] most = new boolean[n];
        for (int i = Zogy.SKY_MIN_PIXELS; i < n; i++) {
            most[i] = true;
        }
        assertEquals(1.0, Zogy.skyScale2(s, vPix, extra, most, vUnit), 0.0);
    }
}
