package org.skysift.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Angles;
import org.skysift.sky.Tile;

/**
 * Epoch frames of one tile: determinism, pointing, seeing and date per epoch, and that each injected change
 * shows in its own epoch's frames only, checked against the truth list and by photometry on the pixels.
 */
@Tag("plain")
class EpochRendererTest {
    static final SyntheticSky SKY = new SyntheticSky(TestSkies.standard(42));
    static final Tile TILE = new Tile(3, 151.25, 20.5, 14, 14); // 494 x 494 px at 1.7"/px
    /** bright changes (mag 14-16, 40000-250000 counts), so that each one is unmistakable on the pixels */
    static final List<SyntheticEpoch> EPOCHS = List.of(
            new SyntheticEpoch("poss1", 1953.25, 2.6, 2.8, 0, 1, EpochChanges.NONE),
            new SyntheticEpoch("poss2", 1991.5, 3.4, 3.6, 6, 2, new EpochChanges(4, 4, 4, 4, 0.5, 1.0, 14, 16)),
            new SyntheticEpoch("late", 2003.0, 3.0, 3.0, 4, 1, new EpochChanges(2, 2, 2, 2, 0.5, 1.0, 14, 16)));

    private static EpochFrame frame(int epoch, int frame) {
        return EpochRenderer.render(TILE, SKY, Realism.NONE, EPOCHS, 0, epoch, frame);
    }

    @Test
    void sameInputsGiveTheSameBytesAndFramesDiffer() {
        EpochFrame a = frame(1, 1);
        assertArrayEquals(a.image().fits(), frame(1, 1).image().fits());
        assertEquals(a.changes(), frame(1, 1).changes());
        assertFalse(Arrays.equals(a.image().fits(), frame(1, 0).image().fits()), "two frames of one epoch");
        assertEquals(a.changes(), frame(0, 0).changes(), "every frame lists the changes of every epoch");
        // the plan depends on the epoch list, not on which frame asks for it: it does not move with realism
        assertEquals(a.changes(), EpochRenderer.render(TILE, SKY, Realism.NONE.withCosmicRays(100, 500, 2000), EPOCHS, 0, 2, 0)
                .changes());
    }

    @Test
    void headersCarryTheEpochsDateSeeingAndTruePointing() throws IOException {
        double scale = SKY.model().pixelScaleArcsec();
        double[][] centres = new double[4][];
        int k = 0;
        for (int[] ef : new int[][] {{0, 0}, {1, 0}, {1, 1}, {2, 0}}) {
            SyntheticEpoch e = EPOCHS.get(ef[0]);
            RenderedTile t = frame(ef[0], ef[1]).image();
            FitsImage img = FitsReader.read(new ByteArrayInputStream(t.fits()), "f");
            assertEquals(SyntheticRenderer.dateOf(e.year()), img.header().getString("DATE-OBS"));
            assertEquals(e.name(), img.header().getString("EPOCHNAM"));
            double seeing = img.header().getDouble("SEEING", Double.NaN);
            assertTrue(seeing >= e.fwhmMin() && seeing <= e.fwhmMax(), e.name() + " seeing " + seeing);
            double ra = img.header().getDouble("CRVAL1", Double.NaN), dec = img.header().getDouble("CRVAL2", Double.NaN);
            assertEquals(ra, t.wcs().crval1(), 1e-12);
            double off = Angles.separationArcsec(TILE.ra(), TILE.dec(), ra, dec);
            if (ef[1] == 0) {
                assertEquals(e.offsetArcsec(), off, 1e-3, e.name() + " pointing offset");
            }
            centres[k++] = new double[] {ra, dec};
            // the header WCS is the true one: every rendered star sits where it says
            for (RenderedTile.PlacedStar p : t.stars()) {
                double[] q = t.wcs().skyToPixel(p.star().ra(), p.star().dec());
                assertEquals(q[0], p.x(), 1e-9);
                assertEquals(q[1], p.y(), 1e-9);
            }
        }
        double dither = Angles.separationArcsec(centres[1][0], centres[1][1], centres[2][0], centres[2][1]) / scale;
        assertTrue(dither > 0 && dither <= 2.0, "dither between the frames of poss2: " + dither + " px");
        double between = Angles.separationArcsec(centres[1][0], centres[1][1], centres[3][0], centres[3][1]);
        assertTrue(between > 0.5, "epochs point in their own directions: " + between + "\"");
    }

    @Test
    void changesArePlacedAsPromised() {
        List<InjectedChange> changes = frame(0, 0).changes();
        assertEquals(24, changes.size(), "all changes fit on this tile");
        Map<String, Integer> perEpochKind = new HashMap<>();
        for (InjectedChange c : changes) {
            perEpochKind.merge(c.epoch() + "/" + c.kind(), 1, Integer::sum);
            double mag = 27.7 - 2.5 * Math.log10(c.kind().equals("appeared") ? c.fluxNew() : c.fluxRef());
            assertTrue(mag >= 14 - 1e-9 && mag <= 16 + 1e-9, "magnitude " + mag + " of " + c);
            switch (c.kind()) {
                case "appeared" -> assertEquals(0, c.fluxRef());
                case "vanished" -> assertEquals(0, c.fluxNew());
                case "brightened", "faded" -> {
                    double amp = Math.abs(2.5 * Math.log10(c.fluxNew() / c.fluxRef()));
                    assertTrue(amp >= 0.5 - 1e-9 && amp <= 1.0 + 1e-9, "amplitude " + amp + " of " + c);
                    assertEquals(c.kind().equals("brightened"), c.fluxNew() > c.fluxRef());
                }
                default -> throw new AssertionError(c.kind());
            }
        }
        assertEquals(Map.of("poss2/appeared", 4, "poss2/vanished", 4, "poss2/brightened", 4, "poss2/faded", 4,
                "late/appeared", 2, "late/vanished", 2, "late/brightened", 2, "late/faded", 2), perEpochKind);
        for (int[] ef : new int[][] {{0, 0}, {1, 0}, {1, 1}, {2, 0}}) {
            RenderedTile t = frame(ef[0], ef[1]).image();
            for (int i = 0; i < changes.size(); i++) {
                double[] p = t.wcs().skyToPixel(changes.get(i).ra(), changes.get(i).dec());
                double m = Math.min(Math.min(p[0] - 0.5, t.width() + 0.5 - p[0]), Math.min(p[1] - 0.5, t.height() + 0.5 - p[1]));
                assertTrue(m >= 0.03 * t.width(), "change " + i + " " + m + " px from the edge of " + Arrays.toString(ef));
                for (int j = 0; j < i; j++) {
                    double[] q = t.wcs().skyToPixel(changes.get(j).ra(), changes.get(j).dec());
                    assertTrue(Math.hypot(p[0] - q[0], p[1] - q[1]) >= 10 * 3.6, "changes " + i + ", " + j);
                }
                for (RenderedTile.PlacedStar s : t.stars()) {
                    if (s.saturated()) {
                        assertTrue(Math.hypot(p[0] - s.x(), p[1] - s.y()) >= 10 * 3.6, "change " + i + " by a saturated star");
                    }
                }
            }
        }
        assertTrue(frame(0, 0).image().stars().stream().anyMatch(RenderedTile.PlacedStar::saturated),
                "the tile has saturated stars to keep away from");
    }

    @Test
    void eachChangeShowsInItsOwnEpochOnly() throws IOException {
        List<InjectedChange> changes = frame(0, 0).changes();
        int[][] frames = {{0, 0}, {1, 0}, {1, 1}, {2, 0}};
        int checked = 0;
        for (int[] ef : frames) {
            RenderedTile t = frame(ef[0], ef[1]).image();
            float[] px = FitsReader.read(new ByteArrayInputStream(t.fits()), "f").data();
            String epoch = EPOCHS.get(ef[0]).name();
            Map<String, RenderedTile.PlacedStar> truth = new HashMap<>();
            for (RenderedTile.PlacedStar s : t.stars()) {
                truth.put(s.star().ra() + "," + s.star().dec(), s);
            }
            for (InjectedChange c : changes) {
                double expected = c.epoch().equals(epoch) ? c.fluxNew() : c.fluxRef();
                RenderedTile.PlacedStar s = truth.get(c.ra() + "," + c.dec());
                if (expected == 0) {
                    assertNull(s, "absent in " + epoch + ": " + c);
                } else {
                    assertNotNull(s, "present in " + epoch + ": " + c);
                    assertEquals(expected, s.flux(), 1e-6 * expected);
                    assertTrue(s.star().vanished(), "changing stars are withheld from the reference catalog");
                }
                double[] p = t.wcs().skyToPixel(c.ra(), c.dec());
                double[] m = aperture(px, t.width(), p[0] - 1, p[1] - 1, 3 * t.fwhmPx(), 5 * t.fwhmPx(), 7 * t.fwhmPx());
                double alpha = SyntheticRenderer.moffatAlpha(t.fwhmPx(), 3.0);
                double ee = 1 - Math.pow(1 + 9 * t.fwhmPx() * t.fwhmPx() / (alpha * alpha), -2);
                assertEquals(expected * ee, m[0], 5 * m[1] + 0.02 * Math.max(c.fluxRef(), c.fluxNew()),
                        String.format(Locale.ROOT, "aperture flux in %s frame %d of %s", epoch, ef[1], c));
                checked++;
            }
        }
        assertEquals(4 * 24, checked);
    }

    @Test
    void badEpochListsAreRefusedByName() {
        var bad = List.of(EPOCHS.get(1), EPOCHS.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EpochRenderer.render(TILE, SKY, Realism.NONE, bad, 0, 0, 0));
        assertTrue(e.getMessage().contains("'poss2' is the reference"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EpochRenderer.render(TILE, SKY, Realism.NONE, EPOCHS, 0, 1, 2));
        assertTrue(e.getMessage().contains("frame 2 outside 0..1"), e.getMessage());
        var twins = List.of(EPOCHS.get(0), EPOCHS.get(0));
        e = assertThrows(IllegalArgumentException.class, () -> EpochRenderer.render(TILE, SKY, Realism.NONE, twins, 0, 0, 0));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
    }

    /** {flux, error}: background-subtracted sum within r, background the median of the annulus [r1, r2]. */
    static double[] aperture(float[] img, int w, double xc, double yc, double r, double r1, double r2) {
        int h = img.length / w;
        int lo = (int) Math.floor(xc - r2), hi = (int) Math.ceil(xc + r2);
        int lo2 = (int) Math.floor(yc - r2), hi2 = (int) Math.ceil(yc + r2);
        double sum = 0;
        int n = 0;
        double[] ann = new double[(hi - lo + 1) * (hi2 - lo2 + 1)];
        int na = 0;
        for (int y = Math.max(0, lo2); y <= Math.min(h - 1, hi2); y++) {
            for (int x = Math.max(0, lo); x <= Math.min(w - 1, hi); x++) {
                double d = Math.hypot(x - xc, y - yc);
                if (d <= r) {
                    sum += img[y * w + x];
                    n++;
                } else if (d >= r1 && d <= r2) {
                    ann[na++] = img[y * w + x];
                }
            }
        }
        double[] a = Arrays.copyOf(ann, na);
        Arrays.sort(a);
        double bg = a[na / 2];
        double flux = sum - n * bg;
        double var = n * (bg + 25) + Math.max(flux, 0) + n * n * 1.57 * (bg + 25) / na;
        return new double[] {flux, Math.sqrt(var)};
    }
}
