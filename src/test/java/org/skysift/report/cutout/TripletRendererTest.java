package org.skysift.report.cutout;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The triplet's panels, stretches and marks, read back pixel by pixel from the PNG. */
@Tag("plain")
class TripletRendererTest {
    static final int W = 120, H = 100, N = 64, ZOOM = 3;
    static final double SIGMA = 10, SCALE = 1.5;
    /** The transient (0-based grid pixels) and a steady star up and to the right of it. */
    static final double TX = 60.3, TY = 50.6, SX = 72, SY = 65;
    final TripletRenderer renderer = new TripletRenderer(N);

    /** Gaussian sky noise plus a star of {@code flux} (sigma 1.5 px) at each (x, y, flux) triple. */
    static float[] sky(long seed, double scale, double... stars) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] out = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = 0;
                for (int s = 0; s < stars.length; s += 3) {
                    double dx = x - stars[s], dy = y - stars[s + 1];
                    v += stars[s + 2] / (2 * Math.PI * 2.25) * Math.exp(-(dx * dx + dy * dy) / 4.5);
                }
                double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
                double g = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
                out[y * W + x] = (float) (scale * (v + SIGMA * g));
            }
        }
        return out;
    }

    /** (new / scale - reference) in units of its noise, as a stand-in for D. */
    static float[] difference(float[] ref, float[] fresh, double scale) {
        float[] d = new float[ref.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((fresh[i] / scale - ref[i]) / (SIGMA * Math.sqrt(2)));
        }
        return d;
    }

    static float[] negated(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    /** An appeared source at the transient position; the steady star in both epochs. */
    final float[] ref = sky(1, 1, SX, SY, 20000);
    final float[] fresh = sky(2, SCALE, SX, SY, 20000, TX, TY, 3000);
    final Triplet appeared = new Triplet(ref, fresh, difference(ref, fresh, SCALE), null, W, H, SCALE);
    final TripletRenderer.Caption caption = new TripletRenderer.Caption("reference: poss1 1953.2", "new: poss2 1992.7",
            "tile 1  #3  appeared  S/N 14.2", "flux 0 → 3000");

    BufferedImage render(Triplet t) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(renderer.png(t, TX, TY, caption)));
        Path dir = Path.of("target", "triplet-screens");
        Files.createDirectories(dir);
        ImageIO.write(img, "png", dir.resolve("triplet-" + System.identityHashCode(t) + ".png").toFile());
        return img;
    }

    /** Display position of the centre of grid pixel (gx, gy) in panel p (y up on the display). */
    int[] display(int p, double gx, double gy) {
        int[] o = renderer.origin(TX, TY);
        int dx = renderer.panelLeft(p) + (int) ((Math.round(gx) - o[0]) * ZOOM + ZOOM / 2);
        int dy = renderer.panelTop() + N * ZOOM - 1 - (int) ((Math.round(gy) - o[1]) * ZOOM + ZOOM / 2);
        return new int[] {dx, dy};
    }

    static int red(int rgb) {
        return rgb >> 16 & 255;
    }

    static int green(int rgb) {
        return rgb >> 8 & 255;
    }

    static int blue(int rgb) {
        return rgb & 255;
    }

    /** The ticks' green, or a blend of it: no grey and no colour of the diverging map is green. */
    static boolean greenish(int rgb) {
        return green(rgb) > red(rgb) + 30 && green(rgb) > blue(rgb) + 10;
    }

    int at(BufferedImage img, int p, double gx, double gy) {
        int[] d = display(p, gx, gy);
        return img.getRGB(d[0], d[1]);
    }

    @Test
    void threePanelsOfTheStampMagnifiedSideBySideWithLabelsAboveAndBelow() throws IOException {
        BufferedImage img = render(appeared);
        assertThat(renderer.zoom()).isEqualTo(ZOOM);
        assertThat(img.getWidth()).isEqualTo(3 * N * ZOOM + 4 * TripletRenderer.GAP);
        assertThat(img.getHeight()).isEqualTo(TripletRenderer.HEAD + N * ZOOM + TripletRenderer.FOOT);
        assertThat(renderer.panelLeft(2) + N * ZOOM + TripletRenderer.GAP).isEqualTo(img.getWidth());
        // the gaps are background, and the caption strip carries light text
        assertThat(img.getRGB(renderer.panelLeft(1) - 3, 100) & 0xFFFFFF).isEqualTo(TripletRenderer.BACKGROUND.getRGB() & 0xFFFFFF);
        long lit = 0;
        for (int y = TripletRenderer.HEAD + N * ZOOM; y < img.getHeight(); y++) {
            for (int x = 0; x < 300; x++) {
                lit += red(img.getRGB(x, y)) > 150 ? 1 : 0;
            }
        }
        assertThat(lit).as("caption text pixels").isGreaterThan(100);
    }

    @Test
    void anAppearedSourceIsDarkOnlyInTheNewPanelAndAGainInTheDifference() throws IOException {
        BufferedImage img = render(appeared);
        int refPx = at(img, 0, TX, TY), newPx = at(img, 1, TX, TY), dPx = at(img, 2, TX, TY);
        assertThat(red(refPx)).as("reference at the transient: sky").isGreaterThan(150);
        assertThat(red(newPx)).as("new at the transient: a source").isLessThan(90);
        // vermillion, well away from the white of 0: a strong gain
        assertThat(red(dPx)).isGreaterThan(blue(dPx) + 100);
        assertThat(blue(dPx)).isLessThan(60);
        // sky far from both sources: near the white of 0 in the difference
        int skyD = at(img, 2, TX - 20, TY - 20);
        assertThat(Math.min(red(skyD), Math.min(green(skyD), blue(skyD)))).isGreaterThan(150);
    }

    @Test
    void aVanishedSourceIsALossInBlue() throws IOException {
        // the same pair the other way round: present on the reference, gone on the new image
        Triplet vanished = new Triplet(fresh, ref, difference(fresh, ref, 1 / SCALE), null, W, H, 1 / SCALE);
        BufferedImage img = render(vanished);
        assertThat(red(at(img, 0, TX, TY))).isLessThan(90);
        assertThat(red(at(img, 1, TX, TY))).isGreaterThan(150);
        int dPx = at(img, 2, TX, TY);
        assertThat(blue(dPx)).isGreaterThan(red(dPx) + 60);
    }

    @Test
    void referenceAndNewShareOneStretchAndYRunsUp() throws IOException {
        // the same sky on both epochs, the new one in counts 1.5 times larger: identical panels, an empty difference
        float[] same = new float[fresh.length];
        for (int i = 0; i < same.length; i++) {
            same[i] = (float) (ref[i] * SCALE);
        }
        BufferedImage img = render(new Triplet(ref, same, new float[ref.length], null, W, H, SCALE));
        int side = N * ZOOM, differing = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int a = img.getRGB(renderer.panelLeft(0) + x, renderer.panelTop() + y);
                int b = img.getRGB(renderer.panelLeft(1) + x, renderer.panelTop() + y);
                differing += Math.abs(red(a) - red(b)) > 1 ? 1 : 0;
            }
        }
        assertThat(differing).isZero();
        int zero = TripletRenderer.diverging(0) & 0xFFFFFF;
        assertThat(at(img, 2, TX - 20, TY - 20) & 0xFFFFFF).isEqualTo(zero);
        // the steady star lies up and right of the transient on the grid: so on the display
        assertThat(red(at(img, 0, SX, SY))).isLessThan(60);
        int[] star = display(0, SX, SY), centre = display(0, TX, TY);
        assertThat(star[0]).isGreaterThan(centre[0]);
        assertThat(star[1]).isLessThan(centre[1]);
        // its mirror image below the transient is sky
        assertThat(red(at(img, 0, SX, 2 * TY - SY))).isGreaterThan(150);
    }

    @Test
    void theDifferenceStretchIsSymmetricAboutZero() {
        float[] d = appeared.difference();
        TripletStretch s = TripletStretch.of(ref, fresh, d);
        TripletStretch flipped = TripletStretch.of(ref, fresh, negated(d));
        assertThat(flipped.dLimit()).isEqualTo(s.dLimit());
        assertThat(flipped.dSoft()).isEqualTo(s.dSoft());
        assertThat(s.diverging(0)).isZero();
        for (double v : new double[] {0.3, 1, 2.5, 7, 40, 1e4}) {
            assertThat(s.diverging(-v)).isEqualTo(-s.diverging(v));
            assertThat(s.diverging(v)).isBetween(0.0, 1.0);
        }
        assertThat(s.diverging(1e6)).isEqualTo(1.0);
        // the noise (sigma 1) stays pale: a 1-sigma pixel below a sixth of the scale, 5 sigma over a quarter
        assertThat(s.diverging(1)).isLessThan(1 / 6.0);
        assertThat(s.diverging(5)).isGreaterThan(0.25);
        // the colours: white at 0, the two hues equally far from it at +-1
        int w = TripletRenderer.diverging(0), g = TripletRenderer.diverging(1), l = TripletRenderer.diverging(-1);
        assertThat(red(w)).isEqualTo(green(w)).isEqualTo(blue(w));
        assertThat(red(g)).isGreaterThan(blue(g));
        assertThat(blue(l)).isGreaterThan(red(l));
    }

    @Test
    void ticksPointAtTheTransientInEveryPanelAndLeaveItUncovered() throws IOException {
        BufferedImage img = render(appeared);
        for (int p = 0; p < 3; p++) {
            int[] c = display(p, TX, TY);
            int above = 0, right = 0, inside = 0;
            for (int r = -2; r <= 2; r++) {
                for (int k = 13; k < 20; k++) {
                    above += greenish(img.getRGB(c[0] + r, c[1] - k)) ? 1 : 0;
                    right += greenish(img.getRGB(c[0] + k, c[1] + r)) ? 1 : 0;
                }
                for (int k = -2; k <= 2; k++) {
                    inside += greenish(img.getRGB(c[0] + r, c[1] + k)) ? 1 : 0;
                }
            }
            assertThat(above).as("panel %d, tick above", p).isGreaterThan(10);
            assertThat(right).as("panel %d, tick at the right", p).isGreaterThan(10);
            assertThat(inside).as("panel %d, the transient itself", p).isZero();
        }
    }

    @Test
    void offTheGridAndMaskedPixelsAreStriped() throws IOException {
        boolean[] masked = new boolean[W * H];
        masked[((int) Math.round(TY) + 2) * W + (int) Math.round(TX) + 2] = true;
        Triplet near = new Triplet(ref, fresh, appeared.difference(), masked, W, H, SCALE);
        // a transient 5 px from the left edge: the stamp's left 27 columns lie off the grid
        TripletRenderer r = new TripletRenderer(N);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.png(near, 5, TY, caption)));
        int a = CutoutRenderer.FILL_A.getRGB() & 0xFFFFFF, b = CutoutRenderer.FILL_B.getRGB() & 0xFFFFFF;
        for (int p = 0; p < 3; p++) {
            int px = img.getRGB(r.panelLeft(p) + 10, r.panelTop() + 50) & 0xFFFFFF;
            assertThat(px).as("panel %d off the grid", p).isIn(a, b);
        }
        BufferedImage centred = render(near);
        for (int p = 0; p < 3; p++) {
            assertThat(at(centred, p, Math.round(TX) + 2, Math.round(TY) + 2) & 0xFFFFFF).as("panel %d masked", p).isIn(a, b);
        }
    }
}
