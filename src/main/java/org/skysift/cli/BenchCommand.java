package org.skysift.cli;

import java.io.ByteArrayInputStream;
import java.io.File;
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
import org.skysift.calibrate.SaturationLevel;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.extract.Source;
import org.skysift.extract.psf.NoiseMap;
import org.skysift.extract.psf.PsfBuilder;
import org.skysift.extract.psf.PsfCandidates;
import org.skysift.extract.psf.PsfModel;
import org.skysift.extract.psf.PsfParams;
import org.skysift.extract.psf.PsfPhotometry;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.pipeline.Stages;
import org.skysift.sky.Tile;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the per-tile science on synthetic DSS-like plates, single thread, median of several runs
 * after a warm-up: background, detection + deblending, measurement (pass 1), the full-resolution
 * maps the PSF pass needs, PSF build and pass 2; and the heap each needs beyond the image.
 * <p>
 * Each size runs in two fresh JVMs (unless {@code --in-process}): one for the times, one for the
 * heap, the latter with a 4 MB young generation so that short-lived garbage adds at most ~4 MB to
 * the pools' peak usage (reset after a full GC just before the measured run).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times background, pass 1, PSF build and pass 2 on synthetic 1k, 2k and 4k plates (single thread).")
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

    @Option(names = "--in-process", description = "Run every size in this JVM (no fresh JVM per size)")
    boolean inProcess;

    @Option(names = "--mode", hidden = true, defaultValue = "both", description = "time | heap | both (child JVMs)")
    String mode;

    private static final String TIME_HEADER = String.format(Locale.ROOT,
            "%-9s %6s %7s %7s %7s %7s %7s %7s %7s %7s %7s %8s %8s", "size", "stars", "sources", "bkg", "detect",
            "deblend", "measure", "maps", "psf", "pass2", "total", "p1 Mpix/s", "all Mpix/s");
    private static final String HEAP_HEADER = String.format(Locale.ROOT, "%-9s %12s %12s", "size",
            "pass1 B/pix", "all B/pix");

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1) {
            throw new ConfigException("--runs " + runs + ": must be >= 1");
        }
        if (!List.of("time", "heap", "both").contains(mode)) {
            throw new ConfigException("--mode " + mode + ": time, heap or both");
        }
        if (inProcess) {
            if (!mode.equals("heap")) {
                System.out.println(TIME_HEADER);
                for (int n : sizes) {
                    time(n);
                }
            }
            if (!mode.equals("time")) {
                System.out.println(HEAP_HEADER);
                for (int n : sizes) {
                    heap(n);
                }
            }
        } else {
            System.out.println(TIME_HEADER);
            for (int n : sizes) {
                fork(n, "time", List.of());
            }
            System.out.println(HEAP_HEADER);
            for (int n : sizes) {
                fork(n, "heap", List.of("-Xmn4m"));
            }
        }
        System.out.println("ms of thread CPU time per step, median of " + runs + " runs after one warm-up, single thread. bkg = mesh"
                + " statistics + median filter; detect = subtraction, filtering, thresholding, labelling; measure ="
                + " isophotal, AUTO, apertures, FLUX_RADIUS, XWIN, CLEAN, flags; maps = the per-row rms"
                + " spline nodes the PSF pass reads the rms from (pass 1's subtracted image is reused); p1 = bkg + detect + deblend + measure; total and"
                + " 'all' include maps, psf and pass2. B/pix = peak heap beyond the image (sum of heap pools' peak"
                + " usage after a full GC, 4 MB young generation: an upper bound of the live set).");
        return SkySift.OK;
    }

    /** Runs one size and mode in a fresh JVM with this JVM's classpath and heap limit. */
    private void fork(int n, String childMode, List<String> jvmFlags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m");
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SkySift.class.getName());
        cmd.add("bench");
        cmd.add("--in-process");
        cmd.add("--mode=" + childMode);
        cmd.add("--sizes=" + n);
        cmd.add("--runs=" + runs);
        cmd.add("--star-density=" + starDensity);
        if (config != null) {
            cmd.add("--config=" + config);
        }
        for (String o : overrides) {
            cmd.add("--set=" + o);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("bench child for " + n + "x" + n + " (" + childMode + ") exited " + rc);
        }
        // the child prints a header, its row, and the legend: relay the row only
        System.out.println(out.lines().skip(1).findFirst().orElse(""));
    }

    /** One plate and the settings of the job (config extract section). */
    private record Plate(int n, int stars, FitsImage img, SkySiftConfig cfg, ExtractParams params, PsfParams psf) {}

    private Plate plate(int n) throws IOException {
        List<String> o = new ArrayList<>(overrides);
        o.add(0, "synthetic.star_density=" + starDensity);
        SkySiftConfig cfg = ConfigLoader.load(config, o);
        SkyModel model = new SkyModel(cfg.synthetic(), cfg.image().pixelScaleArcsec());
        double arcmin = n * model.pixelScaleArcsec() / 60.0;
        RenderedTile r = SyntheticRenderer.render(new Tile(n, 150.0, 20.0, arcmin, arcmin), new SyntheticSky(model));
        FitsImage img = FitsReader.read(new ByteArrayInputStream(r.fits()), "synthetic " + n);
        ExtractParams p = Stages.extractParams(cfg, img.header(), SaturationLevel.of(img));
        SkySiftConfig.Psf ps = cfg.extract().psf();
        PsfParams pp = Stages.psfParams(ps, p.gain());
        return new Plate(n, r.stars().size(), img, cfg, p, pp);
    }

    /** Nanoseconds per step of one run, and the source count. */
    private static final class Run {
        long bkg, detect, deblend, measure, maps, psf, pass2;
        int sources;
        long peakPass1, peakAll;
    }

    private static Run once(Plate pl, boolean heap) {
        Run run = new Run();
        FitsImage img = pl.img();
        int w = img.width(), h = img.height();
        var ex = pl.cfg().extract();
        long base = 0;
        if (heap) {
            System.gc();
            base = heapUsed();
            resetPeaks();
        }
        long t0 = Extractor.clock();
        BackgroundMap bg = new BackgroundEstimator(ex.backSize(), ex.backFiltersize()).estimate(img.data(), w, h);
        long t1 = Extractor.clock();
        Extractor.Result res = new Extractor().extractTimed(img.data(), w, h, bg, pl.params());
        long t2 = Extractor.clock();
        if (heap) {
            run.peakPass1 = peakHeap() - base;
        }
        run.bkg = t1 - t0;
        run.detect = res.detectNanos();
        run.deblend = res.deblendNanos();
        run.measure = res.measureNanos();
        List<Source> sources = res.sources();
        run.sources = sources.size();
        // as the job does: pass 1's subtracted image and the rms by pixel from the mesh that pass 2 takes
        float[] sub = res.subtracted();
        NoiseMap rms = NoiseMap.of(bg);
        long t3 = Extractor.clock();
        run.maps = t3 - t2;
        PsfCandidates c = PsfCandidates.of(sources);
        long t4 = Extractor.clock();
        PsfModel model = PsfBuilder.build(sub, rms, w, h, c,
                pl.psf());
        long t5 = Extractor.clock();
        PsfPhotometry.measure(sub, rms, w, h, model, c.x(), c.y(), pl.psf());
        long t6 = Extractor.clock();
        run.psf = t5 - t4;
        run.pass2 = t6 - t5;
        if (heap) {
            run.peakAll = peakHeap() - base;
        }
        return run;
    }

    private void time(int n) throws IOException {
        Plate pl = plate(n);
        once(pl, false); // warm-up: JIT compilation, not counted
        long[][] t = new long[7][runs];
        int sources = 0;
        for (int k = 0; k < runs; k++) {
            Run r = once(pl, false);
            long[] v = {r.bkg, r.detect, r.deblend, r.measure, r.maps, r.psf, r.pass2};
            for (int s = 0; s < v.length; s++) {
                t[s][k] = v[s];
            }
            sources = r.sources;
        }
        double[] m = new double[7];
        for (int s = 0; s < 7; s++) {
            m[s] = median(t[s]) / 1e6;
        }
        double pass1 = m[0] + m[1] + m[2] + m[3], total = pass1 + m[4] + m[5] + m[6];
        double mpix = (double) pl.img().width() * pl.img().height() / 1e6;
        System.out.printf(Locale.ROOT, "%-9s %6d %7d %7.1f %7.1f %7.1f %7.1f %7.1f %7.1f %7.1f %7.1f %8.1f %8.1f%n",
                n + "x" + n, pl.stars(), sources, m[0], m[1], m[2], m[3], m[4], m[5], m[6], total,
                mpix / (pass1 / 1e3), mpix / (total / 1e3));
    }

    private void heap(int n) throws IOException {
        Plate pl = plate(n);
        once(pl, false);
        Run r = once(pl, true);
        double npix = (double) pl.img().width() * pl.img().height();
        System.out.printf(Locale.ROOT, "%-9s %12.2f %12.2f%n", n + "x" + n, r.peakPass1 / npix, r.peakAll / npix);
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
