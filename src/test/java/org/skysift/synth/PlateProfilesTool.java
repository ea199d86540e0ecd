package org.skysift.synth;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;

/**
 * Compares bright-star profiles of the real DSS cutouts in ../shared/data/dss with a rendered photographic
 * plate: prints each star's figures ({@link StarProfiles}) and writes {@code profiles.png} (ring means over
 * the peak against radius) and {@code stamps.png} (31x31 px stamps, asinh stretch from sky to peak) into the
 * folder given as the first argument. Run: {@code mvn -q -B -o test-compile} then
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) org.skysift.synth.PlateProfilesTool /tmp/out}
 * (cp.txt from {@code mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class PlateProfilesTool {
    static final Path DSS = Path.of("../shared/data/dss");
    /** The synthetic sky of the comparison: a top-heavy luminosity function for enough saturated stars. */
    public static final String SKY = "synthetic: {seed: 77, vanished_density: 0, star_density: 4000, lf_slope: 0.2, "
            + "mag_bright: 10.0, mag_faint: 20.0, emulsion: {response: photographic}}";

    /** -2.5 log10 of the sky-subtracted counts within 11 px: the range of the real cutouts' brightest stars. */
    static final double BRIGHTEST = -15.5, FAINTEST = -13.5;

    record Image(String name, float[] data, int w, int h) {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/profiles");
        Files.createDirectories(out);
        String sky = args.length > 1 ? args[1] : SKY;
        List<Image> images = new ArrayList<>();
        for (String f : new String[] {"dss1red_POSSI-E_XE133_M101.fits", "dss1_UKST_S134_dss.14.29.56-62.41.05.fits.gz"}) {
            images.add(read(DSS.resolve(f)));
        }
        images.add(synthetic(sky));
        XYSeriesCollection curves = new XYSeriesCollection();
        List<List<StarProfiles.Star>> picked = new ArrayList<>();
        for (Image im : images) {
            List<StarProfiles.Star> all = StarProfiles.brightest(im.data(), im.w(), im.h(), 40, 2000);
            // like with like: the stars within the instrumental-magnitude range the real cutouts hold
            List<StarProfiles.Star> stars = all.stream().filter(s -> s.instMag() > BRIGHTEST && s.instMag() < FAINTEST)
                    .limit(8).toList();
            picked.add(stars);
            System.out.println(summary(im.name(), stars));
            for (double lo = BRIGHTEST; lo < FAINTEST; lo += 1) {
                final double a = lo;
                System.out.println("  " + summary(String.format(Locale.ROOT, "inst %.1f to %.1f", a, a + 1),
                        all.stream().filter(s -> s.instMag() > a && s.instMag() <= a + 1).toList()));
            }
            for (StarProfiles.Star s : stars) {
                System.out.printf(Locale.ROOT, "  x %6.1f y %6.1f sky %6.0f peak %6.0f flat90 %.2f r90 %d r50 %d slope %5.2f inst %6.2f%n",
                        s.x(), s.y(), s.sky(), s.peak(), s.flat90(), s.r90(), s.r50(), s.slope(), s.instMag());
            }
            for (int k = 0; k < Math.min(4, stars.size()); k++) {
                XYSeries xs = new XYSeries(im.name() + " " + (k + 1));
                double[] p = stars.get(k).profile();
                for (int r = 0; r < p.length; r++) {
                    if (p[r] > 0) {
                        xs.add(r, p[r] / stars.get(k).peak());
                    }
                }
                curves.addSeries(xs);
            }
        }
        writeProfiles(curves, out.resolve("profiles.png"), images.size());
        writeStamps(images, picked, out.resolve("stamps.png"));
        System.out.println("wrote " + out.resolve("profiles.png") + " and " + out.resolve("stamps.png"));
    }

    /** Medians over the stars: the figures quoted in docs/CATALOGS.md. */
    public static String summary(String name, List<StarProfiles.Star> stars) {
        if (stars.isEmpty()) {
            return name + ": no stars";
        }
        double[] flat = stars.stream().mapToDouble(StarProfiles.Star::flat90).toArray();
        double[] r90 = stars.stream().mapToDouble(StarProfiles.Star::r90).toArray();
        double[] r50 = stars.stream().mapToDouble(StarProfiles.Star::r50).toArray();
        double[] slope = stars.stream().mapToDouble(StarProfiles.Star::slope).toArray();
        double[] peakOverSky = stars.stream().mapToDouble(s -> (s.peak() + s.sky()) / s.sky()).toArray();
        return String.format(Locale.ROOT,
                "%s: %d stars, medians: flat90 %.2f, r90 %.0f px, r50 %.0f px, wing slope %.2f, (peak+sky)/sky %.2f",
                name, stars.size(), StarProfiles.median(flat), StarProfiles.median(r90), StarProfiles.median(r50),
                StarProfiles.median(slope), StarProfiles.median(peakOverSky));
    }

    static Image read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            FitsImage img = FitsReader.read(in, p.toString());
            return new Image(p.getFileName().toString().startsWith("dss1red") ? "M101 (POSS-I E)" : "UKST",
                    img.data(), img.width(), img.height());
        }
    }

    public static Image synthetic(String yaml) throws IOException {
        SkySiftConfig cfg = ConfigLoader.fromYamlString(yaml);
        RenderedTile t = SyntheticRenderer.render(new Tile(7, 157.0, 20.0, 30, 30),
                new SyntheticSky(new SkyModel(cfg.synthetic(), cfg.image().pixelScaleArcsec())),
                "plate".equals(cfg.synthetic().realism()) ? Realism.PLATE : Realism.NONE);
        FitsImage img = FitsReader.read(new ByteArrayInputStream(t.fits()), "synthetic");
        return new Image("synthetic", img.data(), img.width(), img.height());
    }

    private static void writeProfiles(XYSeriesCollection data, Path file, int groups) throws IOException {
        JFreeChart chart = ChartFactory.createXYLineChart("Bright-star radial profiles (ring mean / peak)",
                "radius (px)", "ring mean / peak", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis log = new LogAxis("ring mean / peak");
        log.setRange(0.003, 1.5);
        plot.setRangeAxis(log);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        Color[] colours = {new Color(30, 90, 200), new Color(20, 150, 60), new Color(210, 40, 40)};
        int series = 0;
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < 4 && series < data.getSeriesCount(); k++, series++) {
                if (!data.getSeries(series).getKey().toString().startsWith(
                        g == 0 ? "M101" : g == 1 ? "UKST" : "synthetic")) {
                    k = 4;
                    series--;
                    continue;
                }
                r.setSeriesPaint(series, colours[g]);
            }
        }
        plot.setRenderer(r);
        plot.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 600);
    }

    private static void writeStamps(List<Image> images, List<List<StarProfiles.Star>> stars, Path file) throws IOException {
        int half = 15, size = 2 * half + 1, zoom = 4, cols = 6, pad = 4;
        BufferedImage out = new BufferedImage(cols * (size * zoom + pad), images.size() * (size * zoom + pad),
                BufferedImage.TYPE_INT_RGB);
        for (int g = 0; g < images.size(); g++) {
            Image im = images.get(g);
            List<StarProfiles.Star> ss = stars.get(g);
            for (int k = 0; k < Math.min(cols, ss.size()); k++) {
                StarProfiles.Star s = ss.get(k);
                int cx = (int) Math.round(s.x() - 1), cy = (int) Math.round(s.y() - 1);
                double lo = s.sky(), hi = s.sky() + s.peak() * 1.05;
                for (int dy = -half; dy <= half; dy++) {
                    for (int dx = -half; dx <= half; dx++) {
                        int x = cx + dx, y = cy + dy;
                        double v = x >= 0 && y >= 0 && x < im.w() && y < im.h() ? im.data()[y * im.w() + x] : lo;
                        double t = Math.max(0, (v - lo) / (hi - lo));
                        int grey = (int) Math.round(255 * Math.min(1, asinh(10 * t) / asinh(10)));
                        int rgb = grey << 16 | grey << 8 | grey;
                        for (int zy = 0; zy < zoom; zy++) {
                            for (int zx = 0; zx < zoom; zx++) {
                                // FITS rows go up: draw the last row at the top
                                out.setRGB(k * (size * zoom + pad) + (dx + half) * zoom + zx,
                                        g * (size * zoom + pad) + (half - dy) * zoom + zy, rgb);
                            }
                        }
                    }
                }
            }
        }
        ImageIO.write(out, "png", file.toFile());
    }

    private static double asinh(double x) {
        return Math.log(x + Math.sqrt(x * x + 1));
    }
}
