package org.skysift.report.cutout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsReader;
import org.skysift.testing.SharedData;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsReader;

@Tag("plain")
class StampSamplerTest {

    /**
     * Positions between the exact grid nodes are interpolated: on the real DSS plate solution the
     * interpolated plate position stays within 0.002 px of the exact one. A plate whose value is its
     * own x (or y) coordinate makes the bilinear sample return the position itself.
     */
    @Test
    void interpolatedPositionsMatchTheExactPlateSolution() throws IOException {
        Path fits = SharedData.require("dss/dss1red_POSSI-E_XE133_M101.fits");
        Wcs wcs;
        try (InputStream in = Files.newInputStream(fits)) {
            wcs = WcsReader.fromHeader(FitsReader.read(in, fits.toString()).header());
        }
        int w = 530, h = 530;
        float[] xs = new float[w * h], ys = new float[w * h];
        for (int y = 1; y <= h; y++) {
            for (int x = 1; x <= w; x++) {
                xs[(y - 1) * w + x - 1] = x;
                ys[(y - 1) * w + x - 1] = y;
            }
        }
        double[] centre = wcs.pixelToSky(200.3, 310.8);
        for (int n : new int[] {64, 37, 200}) {
            StampFrame frame = StampFrame.at(centre[0], centre[1], n, wcs.pixelScaleArcsec());
            float[] sx = StampSampler.sample(new PlateImage(xs, w, h, wcs), frame);
            float[] sy = StampSampler.sample(new PlateImage(ys, w, h, wcs), frame);
            double worst = 0;
            for (int row = 0; row < n; row++) {
                for (int col = 0; col < n; col++) {
                    double[] sky = frame.sky(col, row);
                    double[] exact = wcs.skyToPixel(sky[0], sky[1]);
                    worst = Math.max(worst, Math.hypot(sx[row * n + col] - exact[0], sy[row * n + col] - exact[1]));
                }
            }
            // float storage rounds 500 to 3e-5; the interpolation error is far below a pixel
            assertThat(worst).as("n = %d", n).isLessThan(0.002);
        }
    }

    @Test
    void offThePlateAndBlanksAreNaNAndBlanksDoNotSpread() {
        Wcs wcs = TestPlates.tan(10, 10, 20, 20, 1.0, 0, false);
        float[] d = new float[400];
        java.util.Arrays.fill(d, 7f);
        d[(10 - 1) * 20 + (10 - 1)] = Float.NaN; // pixel (10, 10)
        PlateImage plate = new PlateImage(d, 20, 20, wcs);
        assertThat(plate.sample(10, 10)).isNaN();
        assertThat(plate.sample(10.4, 10.3)).isNaN();
        assertThat(plate.sample(10.6, 10)).isEqualTo(7.0); // nearest is (11, 10)
        assertThat(plate.sample(0.5, 1)).isEqualTo(7.0);
        assertThat(plate.sample(0.49, 1)).isNaN();
        assertThat(plate.sample(20.5, 20.5)).isEqualTo(7.0);
        assertThat(plate.sample(20.51, 3)).isNaN();
    }
}
