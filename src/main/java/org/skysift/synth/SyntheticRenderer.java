package org.skysift.synth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsWriter;
import org.skysift.sky.Tile;
import org.skysift.wcs.TanWcs;

/**
 * Renders a DSS1-red-like 16-bit plate of a tile from the synthetic sky: Moffat stars, a sky with a
 * linear gradient, Poisson and read noise, the emulsion's response ({@link EmulsionResponse}), clipping at saturation. Deterministic in (sky seed, tile id).
 * {@link Realism} adds a seeing FWHM that varies over the plate, cosmic-ray-like hits, scratches and
 * halos around saturated stars, each listed in the truth; {@link Realism#NONE} is the plain plate.
 */
public final class SyntheticRenderer {
    private SyntheticRenderer() {}

    public static RenderedTile render(Tile tile, SyntheticSky sky) {
        return render(tile, sky, Realism.NONE);
    }

    public static RenderedTile render(Tile tile, SyntheticSky sky, Realism realism) {
        SkySiftConfig.Synthetic m = sky.model().params();
        double scale = sky.model().pixelScaleArcsec();
        int w = width(tile, scale), h = height(tile, scale);
        SplittableRandom rng = new SplittableRandom(SyntheticSky.mix(m.seed() * 31 + tile.id() * 0x9E3779B97F4A7C15L + 7));
        double fwhm = m.fwhmMin() + rng.nextDouble() * (m.fwhmMax() - m.fwhmMin());
        double epoch = m.epochMin() + rng.nextDouble() * (m.epochMax() - m.epochMin());
        double gx = (2 * rng.nextDouble() - 1) * m.skyGradient();
        double gy = (2 * rng.nextDouble() - 1) * m.skyGradient();
        // defects draw from their own stream so that switching them on leaves stars and noise alone
        SplittableRandom defects = new SplittableRandom(SyntheticSky.mix(m.seed() * 131 + tile.id() * 0x632BE59BD9B4E019L + 11));
        FieldDistortion distortion = distortion(m, w, h, scale, SyntheticSky.mix(m.seed() * 17 + tile.id() + 5));
        Exposure e = new Exposure(tile.id(), tile.ra(), tile.dec(), w, h, fwhm, epoch, gx, gy, rng, defects, distortion,
                Map.of());
        return paint(e, sky, realism, sky.cone(tile.ra(), tile.dec(), tile.halfDiagonalDeg() + 0.05));
    }

    static int width(Tile tile, double scale) {
        return Math.max(8, (int) Math.round(tile.widthArcmin() * 60.0 / scale));
    }

    static int height(Tile tile, double scale) {
        return Math.max(8, (int) Math.round(tile.heightArcmin() * 60.0 / scale));
    }

    /** The plate's optics; the header below stays the undistorted TAN (none when distortion_arcsec is 0). */
    static FieldDistortion distortion(SkySiftConfig.Synthetic m, int w, int h, double scale, long seed) {
        return m.distortionArcsec() == 0 ? FieldDistortion.none()
                : FieldDistortion.of(m.distortionArcsec(), w, h, scale, new SplittableRandom(seed));
    }

    /**
     * One exposure of the synthetic sky: where it points (its true TAN WCS, centred on ra/dec, is also the
     * header's), its seeing and sky gradient, and the random streams of its noise (consumed last) and defects.
     *
     * @param year       decimal year written as DATE-OBS
     * @param extraCards header cards appended after the standard ones
     */
    record Exposure(long tileId, double ra, double dec, int width, int height, double fwhm, double year, double gx,
                    double gy, SplittableRandom noise, SplittableRandom defects, FieldDistortion distortion,
                    Map<String, Object> extraCards) {}

    /** Renders {@code stars} (sky positions and magnitudes; flux 10^(-0.4 (mag - zero point))) into one exposure. */
    static RenderedTile paint(Exposure e, SyntheticSky sky, Realism realism, List<SyntheticStar> stars) {
        SkySiftConfig.Synthetic m = sky.model().params();
        double scale = sky.model().pixelScaleArcsec();
        int w = e.width(), h = e.height();
        TanWcs wcs = TanWcs.northUp(e.ra(), e.dec(), w, h, scale);
        double fwhm = e.fwhm(), gx = e.gx(), gy = e.gy();
        SplittableRandom rng = e.noise(), defects = e.defects();
        FwhmField field = realism.fwhmVariation() > 0
                ? FwhmField.random(fwhm, w, h, realism.fwhmVariation(), defects)
                : FwhmField.constant(fwhm, w, h);

        float[] img = new float[w * h];
        for (int y = 0; y < h; y++) {
            double rowLevel = m.skyLevel() * (1.0 + gy * (y - h / 2.0) / h);
            for (int x = 0; x < w; x++) {
                img[y * w + x] = (float) (rowLevel + m.skyLevel() * gx * (x - w / 2.0) / w);
            }
        }

        double beta = m.moffatBeta();
        double noise = Math.sqrt(m.skyLevel() / m.gain() + m.readNoise() * m.readNoise());
        double floor = 0.05 * noise;
        double sat = m.saturation();
        EmulsionResponse emulsion = EmulsionResponse.of(m.emulsion());
        List<RenderedTile.PlacedStar> placed = new ArrayList<>();
        // stars sit where the distorted optics put them; the header below stays the undistorted TAN
        FieldDistortion distortion = e.distortion();
        for (SyntheticStar s : stars) {
            double[] p = wcs.skyToPixel(s.ra(), s.dec());
            if (p == null) {
                continue;
            }
            p = distortion.displace(p);
            double starFwhm = realism.fwhmVariation() > 0 ? field.at(p[0], p[1]) : fwhm;
            double alpha = moffatAlpha(starFwhm, beta);
            double flux = Math.pow(10.0, -0.4 * (s.mag() - m.zeroPoint()));
            double i0 = flux * (beta - 1.0) / (Math.PI * alpha * alpha);
            int r = (int) Math.ceil(alpha * Math.max(3.0, Math.pow(i0 / floor, 1.0 / (2.0 * beta))));
            r = Math.min(r, 100);
            if (p[0] < 1 - r || p[0] > w + r || p[1] < 1 - r || p[1] > h + r) {
                continue;
            }
            double skyHere = m.skyLevel() * (1.0 + gy * (p[1] - 1 - h / 2.0) / h + gx * (p[0] - 1 - w / 2.0) / w);
            boolean saturated = emulsion.saturates(skyHere + i0, sat);
            double haloFlux = 0;
            if (saturated && realism.haloFraction() > 0) {
                // photographic halo: a broad beta = 2 Moffat holding a fraction of the star's light
                haloFlux = realism.haloFraction() * flux;
                double hb = 2.0;
                double ha = moffatAlpha(realism.haloFwhmFactor() * starFwhm, hb);
                double h0 = haloFlux * (hb - 1.0) / (Math.PI * ha * ha);
                int hr = (int) Math.min(150, Math.ceil(ha * Math.max(3.0, Math.pow(h0 / floor, 1.0 / (2.0 * hb)))));
                addMoffat(img, w, h, p[0] - 1, p[1] - 1, h0, ha, hb, hr);
            }
            if (p[0] >= 0.5 && p[0] < w + 0.5 && p[1] >= 0.5 && p[1] < h + 0.5) {
                placed.add(new RenderedTile.PlacedStar(s, p[0], p[1], flux, starFwhm, saturated, haloFlux));
            }
            addMoffat(img, w, h, p[0] - 1, p[1] - 1, i0, alpha, beta, r);
        }
        List<CosmicRay> rays = addCosmicRays(img, w, h, realism, defects);
        List<Scratch> scratches = addScratches(img, w, h, realism, noise, defects);

        for (int i = 0; i < img.length; i++) {
            double v = img[i];
            double sigma = Math.sqrt(Math.max(v, 0) / m.gain() + m.readNoise() * m.readNoise());
            img[i] = (float) Math.min(sat, Math.max(0, Math.rint(emulsion.record(v + sigma * rng.nextGaussian()))));
        }

        Map<String, Object> cards = new LinkedHashMap<>();
        cards.put("OBJECT", "tile " + e.tileId());
        cards.put("TELESCOP", "SKYSIFT-SYNTH");
        cards.put("CTYPE1", "RA---TAN");
        cards.put("CTYPE2", "DEC--TAN");
        cards.put("CRPIX1", (w + 1) / 2.0);
        cards.put("CRPIX2", (h + 1) / 2.0);
        cards.put("CRVAL1", e.ra());
        cards.put("CRVAL2", e.dec());
        cards.put("CD1_1", -scale / 3600.0);
        cards.put("CD1_2", 0.0);
        cards.put("CD2_1", 0.0);
        cards.put("CD2_2", scale / 3600.0);
        cards.put("RADESYS", "ICRS");
        cards.put("EQUINOX", 2000.0);
        cards.put("DATE-OBS", dateOf(e.year()));
        cards.put("GAIN", m.gain());
        cards.put("RDNOISE", m.readNoise());
        cards.put("SATURATE", sat);
        cards.put("SEEING", fwhm);
        cards.put("SKYSEED", m.seed());
        cards.put("TILEID", e.tileId());
        cards.putAll(e.extraCards());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream(w * h * 2 + 8640);
        try {
            FitsWriter.writeUint16(bytes, w, h, img, cards);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new RenderedTile(bytes.toByteArray(), w, h, wcs, fwhm, e.year(), List.copyOf(placed),
                new RenderedTile.Artifacts(field, List.copyOf(rays), List.copyOf(scratches)));
    }

    static double moffatAlpha(double fwhm, double beta) {
        return fwhm / (2.0 * Math.sqrt(Math.pow(2.0, 1.0 / beta) - 1.0));
    }

    /** Hits of 1-3 adjacent pixels (a dot, a pair, a short straight or bent track), log-uniform in counts. */
    private static List<CosmicRay> addCosmicRays(float[] img, int w, int h, Realism realism, SplittableRandom rng) {
        List<CosmicRay> out = new ArrayList<>();
        int n = SyntheticSky.poisson(rng, realism.cosmicRaysPerMpix() * w * (double) h / 1e6);
        double lmin = Math.log(realism.cosmicRayMinCounts()), lmax = Math.log(realism.cosmicRayMaxCounts());
        int[][] steps = {{1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
        for (int k = 0; k < n; k++) {
            double counts = Math.exp(lmin + rng.nextDouble() * (lmax - lmin));
            int npix = 1 + rng.nextInt(3);
            int x = 1 + rng.nextInt(Math.max(1, w - 2)), y = 1 + rng.nextInt(Math.max(1, h - 2));
            int[] pix = new int[npix];
            double[] share = new double[npix];
            double total = 0;
            int[] step = steps[rng.nextInt(8)];
            int cx = x, cy = y;
            for (int j = 0; j < npix; j++) {
                pix[j] = cy * w + cx;
                share[j] = 0.5 + rng.nextDouble();
                total += share[j];
                if (j == 1 && rng.nextBoolean()) {
                    step = steps[(java.util.Arrays.asList(steps).indexOf(step) + (rng.nextBoolean() ? 2 : 6)) % 8];
                }
                cx = Math.max(0, Math.min(w - 1, cx + step[0]));
                cy = Math.max(0, Math.min(h - 1, cy + step[1]));
            }
            double sx = 0, sy = 0;
            for (int j = 0; j < npix; j++) {
                double c = counts * share[j] / total;
                img[pix[j]] += (float) c;
                sx += c * (pix[j] % w + 1);
                sy += c * (pix[j] / w + 1);
            }
            out.add(new CosmicRay(sx / counts, sy / counts, counts, pix));
        }
        return out;
    }

    /** Straight scratches 20-60% of the plate long, Gaussian cross-section of sigma 0.6 px. */
    private static List<Scratch> addScratches(float[] img, int w, int h, Realism realism, double noise,
                                              SplittableRandom rng) {
        List<Scratch> out = new ArrayList<>();
        double sigma = 0.6;
        for (int k = 0; k < realism.scratches(); k++) {
            double len = (0.2 + 0.4 * rng.nextDouble()) * Math.min(w, h);
            double ang = Math.PI * rng.nextDouble();
            double xc = 1 + w * (0.2 + 0.6 * rng.nextDouble()), yc = 1 + h * (0.2 + 0.6 * rng.nextDouble());
            double dx = 0.5 * len * Math.cos(ang), dy = 0.5 * len * Math.sin(ang);
            Scratch s = new Scratch(xc - dx, yc - dy, xc + dx, yc + dy, sigma, realism.scratchSigma() * noise);
            int reach = (int) Math.ceil(4 * sigma);
            int xa = Math.max(0, (int) Math.floor(Math.min(s.x1(), s.x2())) - 1 - reach);
            int xb = Math.min(w - 1, (int) Math.ceil(Math.max(s.x1(), s.x2())) - 1 + reach);
            int ya = Math.max(0, (int) Math.floor(Math.min(s.y1(), s.y2())) - 1 - reach);
            int yb = Math.min(h - 1, (int) Math.ceil(Math.max(s.y1(), s.y2())) - 1 + reach);
            double inv = 1.0 / (2 * sigma * sigma);
            for (int y = ya; y <= yb; y++) {
                for (int x = xa; x <= xb; x++) {
                    double d = s.distance(x + 1, y + 1);
                    if (d <= reach) {
                        img[y * w + x] += (float) (s.amplitude() * Math.exp(-d * d * inv));
                    }
                }
            }
            out.add(s);
        }
        return out;
    }

    /** Adds a Moffat profile centred at 0-based (xc, yc), sampled at pixel centres. */
    private static void addMoffat(float[] img, int w, int h, double xc, double yc,
                                  double i0, double alpha, double beta, int r) {
        int x0 = Math.max(0, (int) Math.floor(xc) - r), x1 = Math.min(w - 1, (int) Math.ceil(xc) + r);
        int y0 = Math.max(0, (int) Math.floor(yc) - r), y1 = Math.min(h - 1, (int) Math.ceil(yc) + r);
        double inv = 1.0 / (alpha * alpha);
        boolean cubic = beta == 3.0;
        for (int y = y0; y <= y1; y++) {
            double dy2 = (y - yc) * (y - yc);
            int row = y * w;
            for (int x = x0; x <= x1; x++) {
                double q = 1.0 + ((x - xc) * (x - xc) + dy2) * inv;
                double v = cubic ? i0 / (q * q * q) : i0 * Math.pow(q, -beta);
                img[row + x] += (float) v;
            }
        }
    }

    static String dateOf(double epoch) {
        int year = (int) Math.floor(epoch);
        double frac = epoch - year;
        LocalDateTime start = LocalDateTime.of(year, 1, 1, 0, 0);
        long seconds = Math.round(frac * java.time.Duration.between(start, start.plusYears(1)).getSeconds());
        return start.plusSeconds(seconds).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    }
}
