package org.skysift.report.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skysift.wcs.Wcs;

/**
 * Stamps are north up and east left whatever the plate's orientation: a star 10" north of the
 * candidate shows 10" above it and one 20" east shows 20" to its left, on plates that are north up,
 * rotated, and mirrored (both parities of the CD matrix), measured in the decoded PNG.
 */
class CutoutOrientationTest {
    static final double RA = 150.0, DEC = 40.0, SCALE = 1.0;
    static final int N = 64;

    @ParameterizedTest(name = "rotated {0} deg, mirrored {1}")
    @CsvSource({"0, false", "37, false", "180, false", "0, true", "120, true", "-75, true"})
    void northIsUpAndEastIsLeft(double angle, boolean mirrored) throws IOException {
        Wcs wcs = TestPlates.tan(RA + 0.01, DEC - 0.01, 300, 260, SCALE, angle, mirrored);
        assertThat(Math.signum(det(wcs))).isEqualTo(mirrored ? 1.0 : -1.0);
        SkyPoint north = TestPlates.offset(RA, DEC, 0, 10), east = TestPlates.offset(RA, DEC, 20, 0);
        PlateImage plate = new TestPlates.Builder(300, 260, wcs, 7, 10)
                .star(north.ra(), north.dec(), 4000, 1.3)
                .star(east.ra(), east.dec(), 3000, 1.3)
                .star(RA, DEC, 300, 1.3)
                .build();
        CutoutRenderer renderer = new CutoutRenderer(N, 15, 5);
        Subject subject = new Subject(RA, DEC, 3.0, "rot " + angle, mirrored ? "mirrored" : "direct");
        byte[] png = renderer.png(plate, subject, List.of());
        Gallery.save("orientation-" + (int) angle + (mirrored ? "-mirrored" : ""), png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int zoom = 4;
        assertThat(img.getWidth()).isEqualTo(N * zoom);
        assertThat(img.getHeight()).isEqualTo(N * zoom + StampLayout.STRIP_PX);

        double c = N * zoom / 2.0; // the candidate: the stamp's geometric centre
        double tenArcsec = 10 / SCALE * zoom;
        Blob n = Blob.around(img, c, c - tenArcsec, 14);
        Blob e = Blob.around(img, c - 2 * tenArcsec, c, 14);
        assertThat(n.peak()).isGreaterThan(200);
        assertThat(e.peak()).isGreaterThan(200);
        assertThat(n.x()).isCloseTo(c, within(1.0));
        assertThat(n.y()).isCloseTo(c - tenArcsec, within(1.0));
        assertThat(e.x()).isCloseTo(c - 2 * tenArcsec, within(1.0));
        assertThat(e.y()).isCloseTo(c, within(1.0));
        // nothing where a wrong orientation would have put them
        assertThat(Blob.around(img, c, c + tenArcsec, 10).peak()).isLessThan(120);
        assertThat(Blob.around(img, c + 2 * tenArcsec, c, 10).peak()).isLessThan(120);
        assertThat(Blob.around(img, c - tenArcsec, c, 10).peak()).isLessThan(120);
    }

    private static double det(Wcs wcs) {
        double[] a = wcs.pixelToSky(100, 100), b = wcs.pixelToSky(101, 100), d = wcs.pixelToSky(100, 101);
        double cos = Math.cos(Math.toRadians(a[1]));
        return (b[0] - a[0]) * cos * (d[1] - a[1]) - (d[0] - a[0]) * cos * (b[1] - a[1]);
    }

    /** Darkness (255 - grey, stars are dark) weighted centroid over grey pixels within a radius; coloured marks skipped. */
    record Blob(double x, double y, int peak) {
        static Blob around(BufferedImage img, double cx, double cy, double radius) {
            double sw = 0, sx = 0, sy = 0;
            int peak = 0;
            for (int y = (int) (cy - radius); y <= (int) (cy + radius); y++) {
                for (int x = (int) (cx - radius); x <= (int) (cx + radius); x++) {
                    int rgb = img.getRGB(x, y);
                    int r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
                    if (r != g || g != b || Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > radius) {
                        continue;
                    }
                    int dark = 255 - r;
                    peak = Math.max(peak, dark);
                    // only the star's light: the sky's own darkness would pull towards the window centre
                    double w = Math.max(0, dark - 128);
                    sw += w;
                    sx += w * (x + 0.5);
                    sy += w * (y + 0.5);
                }
            }
            return new Blob(sw > 0 ? sx / sw : Double.NaN, sw > 0 ? sy / sw : Double.NaN, peak);
        }
    }

    /** Writes stamps to the folder named by -Dcutouts.gallery, for looking at them. */
    static final class Gallery {
        static void save(String name, byte[] png) throws IOException {
            String dir = System.getProperty("cutouts.gallery");
            if (dir != null) {
                Files.createDirectories(Path.of(dir));
                Files.write(Path.of(dir, name + ".png"), png);
            }
        }
    }
}
