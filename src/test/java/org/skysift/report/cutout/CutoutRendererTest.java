package org.skysift.report.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.wcs.Wcs;

@Tag("plain")
class CutoutRendererTest {
    static final double RA = 80.0, DEC = -35.0, SCALE = 1.5;
    static final int N = 64, ZOOM = 4;
    final Wcs wcs = TestPlates.tan(RA, DEC, 240, 240, SCALE, 25, false);
    final PlateImage plate = new TestPlates.Builder(240, 240, wcs, 3, 20)
            .star(TestPlates.offset(RA, DEC, -30, 12).ra(), TestPlates.offset(RA, DEC, -30, 12).dec(), 5000, 1.4)
            .star(RA, DEC, 800, 1.4)
            .build();
    final CutoutRenderer renderer = new CutoutRenderer(N, 15, 5);
    final Subject subject = new Subject(RA, DEC, 2.5, "tile 1  #2", "SNR 40");

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static boolean isGrey(int rgb) {
        int r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
        return r == g && g == b;
    }

    @Test
    void greyLevelsFollowTheStretchOfTheStampsOwnPixels() throws IOException {
        BufferedImage img = decode(renderer.png(plate, subject, List.of()));
        float[] stamp = StampSampler.sample(plate, StampFrame.at(RA, DEC, N, SCALE));
        // percentiles by sorting, independently of Stretch
        float[] sorted = stamp.clone();
        java.util.Arrays.sort(sorted);
        double r1 = 0.01 * (N * N - 1), r2 = 0.995 * (N * N - 1);
        double lo = sorted[(int) r1] + (r1 - (int) r1) * (sorted[(int) r1 + 1] - sorted[(int) r1]);
        double hi = sorted[(int) r2] + (r2 - (int) r2) * (sorted[(int) r2 + 1] - sorted[(int) r2]);
        int compared = 0;
        for (int row = 0; row < N; row++) {
            for (int col = 0; col < N; col++) {
                int rgb = img.getRGB(col * ZOOM + ZOOM / 2, row * ZOOM + ZOOM / 2);
                if (!isGrey(rgb)) {
                    continue; // under the reticle
                }
                double t = Math.min(Math.max((stamp[row * N + col] - lo) / (hi - lo), 0), 1);
                assertThat(rgb & 255).as("stamp pixel %d,%d", col, row).isEqualTo((int) Math.round(255 * (1 - t)));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(N * N - 100);
    }

    @Test
    void neighboursWithin15ArcsecAreRingedAndNoOthers() throws IOException {
        List<SkyPoint> refs = List.of(
                TestPlates.offset(RA, DEC, 0, 8),        // 8" north: ringed
                TestPlates.offset(RA, DEC, 10, -10),     // 14.1" south-east: ringed
                TestPlates.offset(RA, DEC, -15.3, 0),    // 15.3" west: not
                TestPlates.offset(RA, DEC, 0, -25));     // 25" south: not
        StampLayout layout = renderer.layout(plate, subject, refs);
        assertThat(layout.rings()).hasSize(2);
        double c = N * ZOOM / 2.0, px = ZOOM / SCALE;
        assertThat(layout.rings().get(0).x()).isCloseTo(c, within(0.01));
        assertThat(layout.rings().get(0).y()).isCloseTo(c - 8 * px, within(0.01));
        assertThat(layout.rings().get(1).x()).isCloseTo(c - 10 * px, within(0.01));
        assertThat(layout.rings().get(1).y()).isCloseTo(c + 10 * px, within(0.01));
        assertThat(layout.rings().get(1).sepArcsec()).isCloseTo(Math.hypot(10, 10), within(1e-6));
        assertThat(layout.ringRadius()).isCloseTo(5 * px, within(1e-9));

        // what the rings change in the image: only pixels on those two circles, and both circles drawn
        BufferedImage with = decode(renderer.png(plate, subject, refs));
        BufferedImage without = decode(renderer.png(plate, subject, List.of()));
        List<int[]> changed = new ArrayList<>();
        for (int y = 0; y < with.getHeight(); y++) {
            for (int x = 0; x < with.getWidth(); x++) {
                if (with.getRGB(x, y) != without.getRGB(x, y)) {
                    changed.add(new int[] {x, y});
                }
            }
        }
        int[] onRing = new int[2];
        for (int[] p : changed) {
            int nearest = -1;
            for (int k = 0; k < 2; k++) {
                StampLayout.Ring r = layout.rings().get(k);
                double d = Math.hypot(p[0] + 0.5 - r.x(), p[1] + 0.5 - r.y());
                if (Math.abs(d - layout.ringRadius()) < 2.5) {
                    nearest = k;
                }
            }
            assertThat(nearest).as("changed pixel %d,%d off every ring", p[0], p[1]).isNotNegative();
            onRing[nearest]++;
        }
        // a 2 px ring of radius r covers about 4 pi r pixels
        double full = 4 * Math.PI * layout.ringRadius();
        assertThat(onRing[0]).isGreaterThan((int) (0.6 * full));
        assertThat(onRing[1]).isGreaterThan((int) (0.6 * full));
    }

    @Test
    void aCandidateAtThePlateEdgeGetsAStampFilledWhereThePlateEnds() throws IOException {
        // north up, east left, 1"/px: stamp column c shows plate x = 3.2 + (c - 31.5); x < 0.5 is off the plate
        Wcs northUp = TestPlates.tan(RA, DEC, 200, 200, 1.0, 0, false);
        PlateImage edge = new TestPlates.Builder(200, 200, northUp, 5, 20).build();
        double[] sky = northUp.pixelToSky(3.2, 100);
        BufferedImage img = decode(renderer.png(edge, new Subject(sky[0], sky[1], 2.5, "edge", null), List.of()));
        assertThat(img.getWidth()).isEqualTo(N * ZOOM);
        assertThat(img.getHeight()).isEqualTo(N * ZOOM + StampLayout.STRIP_PX);
        int fillColumns = 29; // 3.2 + c - 31.5 < 0.5  <=>  c < 28.8
        for (int row : new int[] {2, 20, 60}) {
            for (int col = 0; col < N; col++) {
                int rgb = img.getRGB(col * ZOOM + 1, row * ZOOM + 1);
                boolean fill = rgb == CutoutRenderer.FILL_A.getRGB() || rgb == CutoutRenderer.FILL_B.getRGB();
                assertThat(fill).as("row %d col %d", row, col).isEqualTo(col < fillColumns);
            }
        }
    }

    @Test
    void theScaleBarIsARoundLengthThatFitsAndItsPixelsMatchTheScale() {
        StampLayout l = renderer.layout(plate, subject, List.of());
        // 64 px at 1.5"/px is 96"; at 4 display px a pixel, 30" is 80 px (the most under 96 px)
        assertThat(l.scaleBarArcsec()).isEqualTo(30);
        assertThat(l.scaleBarPx()).isCloseTo(30 / SCALE * ZOOM, within(1e-9));
        assertThat(l.zoom()).isEqualTo(ZOOM);
    }
}
