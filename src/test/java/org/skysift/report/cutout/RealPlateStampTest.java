package org.skysift.report.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.testing.SharedData;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsReader;

/** Stamps from the real DSS1-red plate of M101 (plate solution WCS): stars land where the plate solution says. */
@Tag("plain")
class RealPlateStampTest {

    private static PlateImage m101() throws IOException {
        Path fits = SharedData.require("dss/dss1red_POSSI-E_XE133_M101.fits");
        try (InputStream in = Files.newInputStream(fits)) {
            FitsImage img = FitsReader.read(in, fits.toString());
            return new PlateImage(img.data(), img.width(), img.height(), WcsReader.fromHeader(img.header()));
        }
    }

    @Test
    void starsLandWhereThePlateSolutionPutsThem() throws IOException {
        PlateImage plate = m101();
        Wcs wcs = plate.wcs();
        List<double[]> stars = Peaks.find(plate, 15, 20);
        assertThat(stars).hasSizeGreaterThanOrEqualTo(10);
        CutoutRenderer renderer = new CutoutRenderer(64, 15, 5);
        double scale = wcs.pixelScaleArcsec(), zoom = 4, c = 128;
        int checked = 0;
        for (double[] s : stars.subList(0, 10)) {
            double[] sky = wcs.pixelToSky(s[0], s[1]);
            // centre the stamp 25" east and 15" south of the star: it must show 25" right of and 15" above the centre
            SkyPoint centre = TestPlates.offset(sky[0], sky[1], 25, -15);
            byte[] png = renderer.png(plate, new Subject(centre.ra(), centre.dec(), 3, "M101", null), List.of());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            double ex = c + 25 / scale * zoom, ey = c - 15 / scale * zoom;
            CutoutOrientationTest.Blob b = CutoutOrientationTest.Blob.around(img, ex, ey, 10);
            assertThat(b.peak()).isGreaterThan(200);
            assertThat(b.x()).as("star at plate %.1f,%.1f", s[0], s[1]).isCloseTo(ex, within(2.0));
            assertThat(b.y()).as("star at plate %.1f,%.1f", s[0], s[1]).isCloseTo(ey, within(2.0));
            checked++;
        }
        assertThat(checked).isEqualTo(10);
    }

    /** A dozen stamps across the plate, faint to bright, and the plate's edge, for the eye (-Dcutouts.gallery). */
    @Test
    void galleryOfRealStamps() throws IOException {
        PlateImage plate = m101();
        List<double[]> peaks = Peaks.find(plate, 4, 400);
        CutoutRenderer renderer = new CutoutRenderer(64, 15, 5);
        List<double[]> picks = new ArrayList<>();
        for (int k = 0; k < 11; k++) {
            picks.add(peaks.get((int) ((peaks.size() - 1) * Math.pow(k / 10.0, 1.5))));
        }
        picks.add(new double[] {6, 300});
        int i = 0;
        for (double[] p : picks) {
            double[] sky = plate.wcs().pixelToSky(p[0], p[1]);
            List<SkyPoint> near = new ArrayList<>();
            for (double[] q : peaks) {
                if (q != p && Math.hypot(q[0] - p[0], q[1] - p[1]) < 12) {
                    double[] s = plate.wcs().pixelToSky(q[0], q[1]);
                    near.add(new SkyPoint(s[0], s[1]));
                }
            }
            byte[] png = renderer.png(plate, new Subject(sky[0], sky[1], 2.5, "tile 0 #" + i,
                    String.format("x %.0f y %.0f", p[0], p[1])), near);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(img.getWidth()).isEqualTo(256);
            CutoutOrientationTest.Gallery.save("m101-" + i++, png);
        }
    }

    /** The small gzipped UK Schmidt cutout: a stamp nearly as large as the plate, for the eye. */
    @Test
    void stampOfTheSouthernPlate() throws IOException {
        Path fits = SharedData.require("dss/dss1_UKST_S134_dss.14.29.56-62.41.05.fits.gz");
        PlateImage plate;
        try (InputStream in = Files.newInputStream(fits)) {
            FitsImage img = FitsReader.read(in, fits.toString());
            plate = new PlateImage(img.data(), img.width(), img.height(), WcsReader.fromHeader(img.header()));
        }
        double[] sky = plate.wcs().pixelToSky(30, 60);
        byte[] png = new CutoutRenderer(64, 15, 5).png(plate, new Subject(sky[0], sky[1], 2.5, "UKST S134", "x 30 y 60"),
                List.of());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(256);
        CutoutOrientationTest.Gallery.save("ukst", png);
    }

    /**
     * Local maxima (7x7) above the sky by minSigma, brightest first, with background-subtracted 7x7
     * centroids; saturated ones (within 10% of the plate's maximum) are left out: their flat tops
     * have no single peak.
     */
    static final class Peaks {
        static List<double[]> find(PlateImage p, double minSigma, int max) {
            float[] d = p.data();
            int w = p.width(), h = p.height();
            double[] q = Stretch.percentiles(d, 16, 50, 100);
            double sky = q[1], sigma = q[1] - q[0], saturated = sky + 0.9 * (q[2] - sky);
            List<double[]> out = new ArrayList<>();
            for (int y = 10; y < h - 10; y++) {
                for (int x = 10; x < w - 10; x++) {
                    float v = d[y * w + x];
                    if (v < sky + minSigma * sigma || v > saturated || !isPeak(d, w, x, y)) {
                        continue;
                    }
                    double sw = 0, sx = 0, sy = 0;
                    for (int dy = -3; dy <= 3; dy++) {
                        for (int dx = -3; dx <= 3; dx++) {
                            double wgt = Math.max(0, d[(y + dy) * w + x + dx] - sky);
                            sw += wgt;
                            sx += wgt * (x + dx + 1);
                            sy += wgt * (y + dy + 1);
                        }
                    }
                    out.add(new double[] {sx / sw, sy / sw, v});
                }
            }
            out.sort((a, b) -> Double.compare(b[2], a[2]));
            return out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
        }

        private static boolean isPeak(float[] d, int w, int x, int y) {
            float v = d[y * w + x];
            for (int dy = -3; dy <= 3; dy++) {
                for (int dx = -3; dx <= 3; dx++) {
                    float u = d[(y + dy) * w + x + dx];
                    boolean before = dy < 0 || dy == 0 && dx < 0;
                    if ((dx != 0 || dy != 0) && (before ? u >= v : u > v)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
