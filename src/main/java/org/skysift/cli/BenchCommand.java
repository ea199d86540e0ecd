package org.skysift.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times pass 1 (background; detection + deblending; measurement) on synthetic DSS-like plates,
 * single thread, median of several runs, and the heap it needs beyond the image.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times pass-1 extraction on synthetic 1k, 2k and 4k plates (single thread).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "1024,2048,4096", description = "Image sides in pixels")
    List<Integer> sizes;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per size (median reported)")
    int runs;

    @Option(names = "--star-density", defaultValue = "6400",
            description = "Stars per square degree (6400 puts ~6000 stars on a 2048x2048 plate at 1.7\"/px)")
    double starDensity;

    @Option(names = "--config", description = "Config whose extract section to use")
    java.nio.file.Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (runs < 1) {
            throw new ConfigException("--runs " + runs + ": must be >= 1");
        }
        List<String> o = new ArrayList<>(overrides);
        o.add(0, "synthetic.star_density=" + starDensity);
        SkySiftConfig cfg = ConfigLoader.load(config, o);
        SkyModel model = new SkyModel(cfg.synthetic(), cfg.image().pixelScaleArcsec());
        var ex = cfg.extract();
        System.out.printf(Locale.ROOT, "%-9s %7s %9s %9s %9s %9s %10s %8s%n", "size", "stars", "bkg ms", "det ms",
                "meas ms", "total ms", "Mpix/s", "B/pix");
        for (int n : sizes) {
            double arcmin = n * model.pixelScaleArcsec() / 60.0;
            RenderedTile r = SyntheticRenderer.render(new Tile(n, 150.0, 20.0, arcmin, arcmin), new SyntheticSky(model));
            FitsImage img = FitsReader.read(new ByteArrayInputStream(r.fits()), "synthetic " + n);
            ExtractParams p = new ExtractParams(ex.detectThresh(), ex.detectMinarea(), ex.filterFwhm(),
                    ex.aperDiameters().stream().mapToDouble(Double::doubleValue).toArray(), 1.0, 65535);
            long[] bg = new long[runs], det = new long[runs], meas = new long[runs];
            long peak = 0;
            int found = 0;
            for (int k = 0; k <= runs; k++) { // run 0 warms the JIT and is not counted
                System.gc();
                long base = heapUsed();
                resetPeaks();
                long t0 = System.nanoTime();
                BackgroundMap map = new BackgroundEstimator(ex.backSize(), ex.backFiltersize())
                        .estimate(img.data(), img.width(), img.height());
                long t1 = System.nanoTime();
                Extractor.Result res = new Extractor().extractTimed(img.data(), img.width(), img.height(), map, p);
                found = res.sources().size();
                if (k > 0) {
                    bg[k - 1] = t1 - t0;
                    det[k - 1] = res.detectNanos() + res.deblendNanos();
                    meas[k - 1] = res.measureNanos();
                    peak = Math.max(peak, peakHeap() - base);
                }
            }
            double b = median(bg), d = median(det), m = median(meas), total = b + d + m;
            double npix = (double) n * n;
            System.out.printf(Locale.ROOT, "%-9s %7d %9.1f %9.1f %9.1f %9.1f %10.1f %8.2f   (%d sources)%n",
                    n + "x" + n, r.stars().size(), b / 1e6, d / 1e6, m / 1e6, total / 1e6, npix / (total / 1e9) / 1e6,
                    peak / npix, found);
        }
        System.out.println("bkg = background mesh + filter; det = subtraction, filtering, thresholding, labelling and"
                + " deblending; meas = measurements, CLEAN and flags. B/pix = peak heap beyond the image (upper bound:"
                + " sum of per-pool peaks), bytes per pixel.");
        return SkySift.OK;
    }

    private static double median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }

    private static long heapUsed() {
        long s = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                s += pool.getUsage().getUsed();
            }
        }
        return s;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long s = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                s += pool.getPeakUsage().getUsed();
            }
        }
        return s;
    }
}
