package org.skysift.synth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Tile;
import org.skysift.wcs.TanWcs;

/**
 * The changing stars of one tile, for all its epochs. Each non-reference epoch's stars are drawn from
 * (sky seed, tile id, epoch name), in the order appeared, vanished, brightened, faded; epochs are
 * placed in list order and each keeps clear of the changes placed before it, so the plan depends on
 * the sky, the tile, the epoch list and realism's seeing variation and halos (not on the frame asked
 * for). A position is kept when it lies at least 3% of the image size inside every
 * frame's edges (offset and dither allowed for), 10 FWHM (the widest seeing) from every other change,
 * beyond the reach of sky stars that saturate (their light above the sky noise, halo included, and at
 * least 10 FWHM), and 3 FWHM from every other sky star bright enough to be detected: each change is
 * isolated, so that what is recovered measures the change and not a blend. After 400 rejected
 * positions a change is dropped (the truth lists only what was placed).
 *
 * <p>Changing stars are extra stars, not stars of {@link SyntheticSky}: they are absent from its
 * cone and hence from the synthetic reference catalog, and are marked withheld ({@code vanished})
 * where they are rendered.
 */
final class EpochChangePlan {
    static final double EDGE_FRACTION = 0.03;
    static final double CHANGE_SEPARATION_FWHM = 10;
    static final double SATURATED_CLEARANCE_FWHM = 10;
    static final double NEIGHBOUR_CLEARANCE_FWHM = 3;
    static final double MAX_DITHER_PX = 2;
    private static final int TRIES = 400;

    /**
     * One changing star: brightness in its reference state and in the epoch it changes in (NaN = absent).
     *
     * @param epochIndex the epoch whose frames show the change
     */
    record Planned(InjectedChange truth, String id, int epochIndex, double magRef, double magNew) {
        /** The star as the frames of epoch k show it (withheld from the reference catalog); null when absent. */
        SyntheticStar in(int k) {
            double mag = k == epochIndex ? magNew : magRef;
            return Double.isNaN(mag) ? null : new SyntheticStar(id, truth.ra(), truth.dec(), mag, true);
        }
    }

    private EpochChangePlan() {}

    static List<Planned> plan(Tile tile, SyntheticSky sky, Realism realism, List<SyntheticEpoch> epochs, int referenceIndex,
                              List<SyntheticStar> cone) {
        SkySiftConfig.Synthetic m = sky.model().params();
        double scale = sky.model().pixelScaleArcsec();
        int w = SyntheticRenderer.width(tile, scale), h = SyntheticRenderer.height(tile, scale);
        TanWcs grid = TanWcs.northUp(tile.ra(), tile.dec(), w, h, scale);
        double worst = 0, best = Double.MAX_VALUE, offset = 0;
        for (SyntheticEpoch e : epochs) {
            worst = Math.max(worst, e.fwhmMax());
            best = Math.min(best, e.fwhmMin());
            offset = Math.max(offset, e.offsetArcsec());
        }
        worst *= 1 + realism.fwhmVariation();
        best *= 1 - realism.fwhmVariation();
        // stars may also move by the field distortion (at most ~1.6x its corner amplitude)
        double shift = offset / scale + MAX_DITHER_PX + 2 * m.distortionArcsec() / scale;
        double mx = EDGE_FRACTION * w + shift, my = EDGE_FRACTION * h + shift;
        if (2 * mx >= w || 2 * my >= h) {
            throw new IllegalArgumentException("tile " + tile.id() + ": " + w + " x " + h
                    + " px leaves no room for injected changes " + Math.round(mx) + " px from the edges");
        }
        List<double[]> clear = clearances(cone, grid, m, realism, best, worst);
        List<double[]> placed = new ArrayList<>();
        double apart = CHANGE_SEPARATION_FWHM * worst;
        List<Planned> out = new ArrayList<>();
        for (int k = 0; k < epochs.size(); k++) {
            SyntheticEpoch e = epochs.get(k);
            if (k == referenceIndex || e.changes().total() == 0) {
                continue;
            }
            EpochChanges c = e.changes();
            SplittableRandom rng = new SplittableRandom(key(m.seed(), tile.id(), nameKey(e.name()), 0xC4A96EL));
            int[] counts = {c.appeared(), c.vanished(), c.brightened(), c.faded()};
            String[] kinds = {"appeared", "vanished", "brightened", "faded"};
            int n = 0;
            for (int kind = 0; kind < 4; kind++) {
                for (int j = 0; j < counts[kind]; j++) {
                    double[] p = position(rng, w, h, mx, my, clear, placed, apart);
                    double mag = c.magBright() + rng.nextDouble() * (c.magFaint() - c.magBright());
                    double amp = c.amplitudeMinMag() + rng.nextDouble() * (c.amplitudeMaxMag() - c.amplitudeMinMag());
                    if (p == null) {
                        continue;
                    }
                    placed.add(p);
                    double[] sky2 = grid.pixelToSky(p[0], p[1]);
                    double magRef = kind == 0 ? Double.NaN : mag;
                    double magNew = switch (kind) {
                        case 0 -> mag;
                        case 1 -> Double.NaN;
                        case 2 -> mag - amp;
                        default -> mag + amp;
                    };
                    String id = String.format(Locale.ROOT, "C%d_%d_%d", tile.id(), k, n++);
                    InjectedChange truth = new InjectedChange(kinds[kind], e.name(), sky2[0], sky2[1],
                            flux(magRef, m), flux(magNew, m));
                    out.add(new Planned(truth, id, k, magRef, magNew));
                }
            }
        }
        return out;
    }

    /** Total counts of a star of this magnitude; 0 when absent (NaN). */
    static double flux(double mag, SkySiftConfig.Synthetic m) {
        return Double.isNaN(mag) ? 0 : Math.pow(10.0, -0.4 * (mag - m.zeroPoint()));
    }

    /** A free position (FITS pixels of the tile's grid), or null after TRIES rejected draws. */
    private static double[] position(SplittableRandom rng, int w, int h, double mx, double my, List<double[]> clear,
                                     List<double[]> placed, double apart) {
        for (int t = 0; t < TRIES; t++) {
            double x = 0.5 + mx + rng.nextDouble() * (w - 2 * mx), y = 0.5 + my + rng.nextDouble() * (h - 2 * my);
            boolean free = true;
            for (int i = 0; i < clear.size() && free; i++) {
                double[] s = clear.get(i);
                free = Math.hypot(s[0] - x, s[1] - y) >= s[2];
            }
            for (int i = 0; i < placed.size() && free; i++) {
                free = Math.hypot(placed.get(i)[0] - x, placed.get(i)[1] - y) >= apart;
            }
            if (free) {
                return new double[] {x, y};
            }
        }
        return null;
    }

    /**
     * {x, y, radius} around sky stars a change must keep away from: saturating stars (under the best
     * seeing, on the brightest sky) by the reach of their light above the sky noise under the worst
     * seeing, halo included, and at least 10 FWHM; detectable ones (S/N 5 on one image) by 3 FWHM.
     */
    private static List<double[]> clearances(List<SyntheticStar> cone, TanWcs grid, SkySiftConfig.Synthetic m,
                                              Realism realism, double best, double worst) {
        double beta = m.moffatBeta();
        double noise = Math.sqrt(m.skyLevel() / m.gain() + m.readNoise() * m.readNoise());
        double sigmaPsf = worst / (2 * Math.sqrt(2 * Math.log(2)));
        double detectable = 5 * noise * Math.sqrt(4 * Math.PI) * sigmaPsf;
        double skyTop = m.skyLevel() * (1 + 2 * m.skyGradient());
        EmulsionResponse emulsion = EmulsionResponse.of(m.emulsion());
        List<double[]> out = new ArrayList<>();
        for (SyntheticStar s : cone) {
            double f = flux(s.mag(), m);
            if (f < detectable) {
                continue;
            }
            double[] p = grid.skyToPixel(s.ra(), s.dec());
            if (p == null) {
                continue;
            }
            double ab = SyntheticRenderer.moffatAlpha(best, beta);
            double r = NEIGHBOUR_CLEARANCE_FWHM * worst;
            if (emulsion.saturates(skyTop + f * (beta - 1) / (Math.PI * ab * ab), m.saturation())) {
                r = Math.max(SATURATED_CLEARANCE_FWHM * worst, reach(f, worst, beta, noise));
                if (realism.haloFraction() > 0) {
                    r = Math.max(r, reach(realism.haloFraction() * f, realism.haloFwhmFactor() * worst, 2.0, noise));
                }
            }
            out.add(new double[] {p[0], p[1], r});
        }
        return out;
    }

    /** Radius where a Moffat of this total flux and FWHM falls to {@code level} counts per pixel. */
    static double reach(double flux, double fwhm, double beta, double level) {
        double a = SyntheticRenderer.moffatAlpha(fwhm, beta);
        double i0 = flux * (beta - 1) / (Math.PI * a * a);
        return i0 <= level ? 0 : a * Math.sqrt(Math.pow(i0 / level, 1 / beta) - 1);
    }

    /** A stable 64-bit key of an epoch name (FNV-1a of its UTF-8 bytes). */
    static long nameKey(String name) {
        long hsh = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hsh = (hsh ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hsh;
    }

    /** Seed of a random stream from its parts (each mixed in turn). */
    static long key(long... parts) {
        long z = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            z = SyntheticSky.mix(z + p);
        }
        return z;
    }
}
