package org.skysift.extract;

import java.util.ArrayList;
import java.util.List;
import org.skysift.calibrate.BackgroundMap;

/**
 * Pass-1 extraction in SExtractor's manner: subtract the background, filter and threshold row by
 * row ({@link Labeler}), deblend each group ({@link Deblender}), measure ({@link Measurer},
 * {@link Apertures}), CLEAN ({@link Cleaner}) and flag crowding. Besides the image, memory is one
 * float per pixel (the background-subtracted image) plus a few numbers per detected pixel.
 */
public final class Extractor implements SourceExtractor {

    /**
     * Sources plus the time spent in each step, in nanoseconds of this thread's CPU time (wall time
     * where the JVM cannot measure it): on a shared machine other processes do not inflate it.
     * {@code subtracted} is the background-subtracted image pass 1 worked on (NaN pixels 0), identical
     * to {@code bg.subtract(image)}: pass 2 reuses it instead of allocating another.
     */
    public record Result(List<Source> sources, long detectNanos, long deblendNanos, long measureNanos,
                         float[] subtracted) {}

    @Override
    public List<Source> extract(float[] image, int w, int h, BackgroundMap bg, ExtractParams p) {
        return extractTimed(image, w, h, bg, p).sources();
    }

    @Override
    public Extraction extractKeepingImage(float[] image, int w, int h, BackgroundMap bg, ExtractParams p) {
        Result r = extractTimed(image, w, h, bg, p);
        return new Extraction(r.sources(), r.subtracted());
    }

    public Result extractTimed(float[] image, int w, int h, BackgroundMap bg, ExtractParams p) {
        if (image.length != w * h) {
            throw new IllegalArgumentException("image holds " + image.length + " pixels, expected " + w + "x" + h);
        }
        if (bg.width() != w || bg.height() != h) {
            throw new IllegalArgumentException("background map is " + bg.width() + "x" + bg.height()
                    + ", image is " + w + "x" + h);
        }
        long t0 = clock();
        float[] sub = subtract(image, w, h, bg);
        Blobs blobs = new Labeler().label(sub, image, w, h, bg, p.kernel(), p.detectThresh(), p.minArea());
        long t1 = clock();

        List<Detection> dets = new ArrayList<>(blobs.count() + 16);
        Deblender deblender = new Deblender(p.deblendNthresh(), p.deblendMincont(), p.minArea());
        for (int k = 0; k < blobs.count(); k++) {
            int from = blobs.start()[k], to = blobs.start()[k + 1];
            int[] owner = deblender.split(blobs.pix(), blobs.dval(), blobs.thresh(), from, to, w);
            if (owner == null) {
                dets.add(new Detection(from, to));
            } else {
                groupByOwner(blobs, from, to, owner, dets);
            }
        }
        long t2 = clock();

        float[] sortBuf = new float[p.minArea()];
        for (Detection d : dets) {
            Measurer.isophotal(d, blobs.pix(), blobs.dval(), blobs.thresh(), sub, image, w, h, p.saturation(),
                    p.minArea(), sortBuf);
            d.background = bg.levelAt(d.mx, d.my);
            d.rmsAtCentre = bg.rmsAt(d.mx, d.my);
            Apertures.auto(d, sub, image, w, h, p.kronFactor(), p.kronMinRadius());
            Apertures.circles(d, sub, image, w, h, p.aperDiameters());
            Apertures.fluxRadii(d, sub, image, w, h, p.fluxFractions());
            Apertures.windowed(d, sub, image, w, h, p.gain());
        }
        if (p.clean()) {
            Cleaner.clean(dets, p.cleanParam(), w, h);
        }
        Crowding.flag(dets, blobs.pix(), image, w, h, p.flagNeighbours());
        List<Source> out = new ArrayList<>(dets.size());
        for (Detection d : dets) {
            if (d.mergedInto < 0) {
                out.add(toSource(out.size() + 1, d, p));
            }
        }
        long t3 = clock();
        return new Result(out, t1 - t0, t2 - t1, t3 - t2, sub);
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** This thread's CPU time in nanoseconds, or wall time when not supported. */
    public static long clock() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static float[] subtract(float[] image, int w, int h, BackgroundMap bg) {
        float[] sub = new float[w * h];
        float[] row = new float[w];
        double[] scratch = new double[3 * bg.meshCountX()];
        for (int y = 0; y < h; y++) {
            bg.levelRow(y, row, scratch);
            int base = y * w;
            for (int x = 0; x < w; x++) {
                float v = image[base + x];
                sub[base + x] = v == v ? v - row[x] : 0f;
            }
        }
        return sub;
    }

    /** Reorders entries [from, to) so each child's pixels are contiguous (raster order kept). */
    private static void groupByOwner(Blobs blobs, int from, int to, int[] owner, List<Detection> dets) {
        int n = to - from, m = 0;
        for (int o : owner) {
            m = Math.max(m, o + 1);
        }
        int[] start = new int[m + 1];
        for (int o : owner) {
            start[o + 1]++;
        }
        for (int c = 0; c < m; c++) {
            start[c + 1] += start[c];
        }
        int[] pix = new int[n];
        float[] dv = new float[n];
        float[] th = new float[n];
        int[] fill = start.clone();
        for (int j = 0; j < n; j++) {
            int q = fill[owner[j]]++;
            pix[q] = blobs.pix()[from + j];
            dv[q] = blobs.dval()[from + j];
            th[q] = blobs.thresh()[from + j];
        }
        System.arraycopy(pix, 0, blobs.pix(), from, n);
        System.arraycopy(dv, 0, blobs.dval(), from, n);
        System.arraycopy(th, 0, blobs.thresh(), from, n);
        for (int c = 0; c < m; c++) {
            Detection d = new Detection(from + start[c], from + start[c + 1]);
            d.flags |= Source.FLAG_BLENDED;
            dets.add(d);
        }
    }

    private static Source toSource(int id, Detection d, ExtractParams p) {
        double s2 = d.rmsAtCentre * d.rmsAtCentre;
        double gain = p.gain();
        double errIso = Math.sqrt(d.npix * s2 + poisson(d.fluxIso, gain));
        double errAuto = Math.sqrt(d.fluxAutoArea * s2 + poisson(d.fluxAuto, gain));
        double[] errAper = new double[d.fluxAper.length];
        for (int k = 0; k < errAper.length; k++) {
            errAper[k] = Math.sqrt(d.aperArea[k] * s2 + poisson(d.fluxAper[k], gain));
        }
        double fwhm = d.fluxAuto > 0 && d.peak > 0
                ? Math.sqrt(4 * Math.log(2) * d.fluxAuto / (Math.PI * d.peak)) : Double.NaN;
        return new Source(id, d.xwin + 1, d.ywin + 1, Double.NaN, Double.NaN, d.mx + 1, d.my + 1, d.x2, d.y2, d.xy,
                d.a, d.b, d.theta, d.fluxIso, errIso, d.fluxAuto, errAuto, d.kronRadius, d.fluxAper, errAper, d.peak,
                d.fluxRadius, d.halfLight, fwhm, d.snrWin, d.npix, d.background, d.flags,
                d.xmin + 1, d.xmax + 1, d.ymin + 1, d.ymax + 1, d.dthresh, d.isoAreas);
    }

    private static double poisson(double flux, double gain) {
        return gain > 0 && flux > 0 ? flux / gain : 0;
    }
}
