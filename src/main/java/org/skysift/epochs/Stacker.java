package org.skysift.epochs;

import java.util.ArrayList;
import java.util.List;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.fits.FitsImage;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsException;
import org.skysift.wcs.WcsReader;

/**
 * Stacks frames of one field onto the first frame's pixel grid: each frame loses its own background
 * (frames of different nights have different skies, which would otherwise be "outliers") and its
 * saturated pixels, is registered by WCS refined with matched stars ({@link Registrar}), resampled
 * with {@link Lanczos3}, and the frames are combined by {@link Combiner}. The reference frame's
 * background is added back so the stack reads like the first frame with less noise.
 *
 * <p>A frame that cannot be registered (no usable WCS, too few stars, too few matches) is
 * reported in the result and left out; frames may differ in size, scale and orientation. The reference frame
 * itself must have a WCS and stars: without it there is no grid to stack on.
 */
public final class Stacker {
    private final StackSettings settings;

    public Stacker(StackSettings settings) {
        this.settings = settings;
    }

    public StackResult stack(List<StackFrame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to stack");
        }
        long t0 = System.nanoTime(), resample = 0;
        StackFrame first = frames.get(0);
        FitsImage ref = first.image();
        int w = ref.width(), h = ref.height();
        Wcs refWcs;
        try {
            refWcs = WcsReader.fromHeader(ref.header());
        } catch (WcsException e) {
            throw new IllegalArgumentException(first.name() + ": the reference (first) frame has no usable WCS: "
                    + e.getMessage(), e);
        }
        Prepared refPrep = prepare(first);
        if (refPrep.stars.size() < settings.minMatches()) {
            throw new IllegalArgumentException(first.name() + ": the reference (first) frame has "
                    + refPrep.stars.size() + " usable stars, at least " + settings.minMatches() + " needed");
        }
        Registrar registrar = new Registrar(refWcs, refPrep.stars, settings.searchPx(), settings.minMatches());
        List<FrameRegistration> regs = new ArrayList<>();
        List<float[]> planes = new ArrayList<>();
        List<Combiner.FrameNoise> noise = new ArrayList<>();
        regs.add(new FrameRegistration(first.name(), RegistrationStatus.REFERENCE, refPrep.stars.size(),
                refPrep.stars.size(), 0.0, Affine.IDENTITY, null));
        planes.add(refPrep.signal);
        noise.add(noise(refPrep, 1.0));
        for (StackFrame f : frames.subList(1, frames.size())) {
            Wcs wcs;
            try {
                wcs = WcsReader.fromHeader(f.image().header());
            } catch (WcsException e) {
                regs.add(FrameRegistration.failed(f.name(), RegistrationStatus.BAD_WCS, 0, e.getMessage()));
                continue;
            }
            Prepared p = prepare(f);
            FrameRegistration r = registrar.register(f.name(), wcs, p.stars);
            regs.add(r);
            if (!r.status().used()) {
                continue;
            }
            long t1 = System.nanoTime();
            Affine c = r.correction();
            PixelMap map = new PixelMap(w, h, (x, y) -> {
                double[] sky = refWcs.pixelToSky(c.x(x, y), c.y(x, y));
                return sky == null ? null : wcs.skyToPixel(sky[0], sky[1]);
            });
            planes.add(Lanczos3.resample(p.signal, f.image().width(), f.image().height(), map, w, h));
            noise.add(noise(p, map.centralArea(w, h)));
            resample += System.nanoTime() - t1;
        }
        long t2 = System.nanoTime();
        Combiner.Planes out = Combiner.combine(planes.toArray(new float[0][]), noise.toArray(new Combiner.FrameNoise[0]),
                w, h, settings.combine());
        float[] image = out.image();
        float[] level = refPrep.background.levelMap();
        float[] refRaw = ref.data();
        double sat = first.extract().saturation();
        for (int i = 0; i < image.length; i++) {
            image[i] += level[i];
            // saturated cores are no data in every frame; the reference's saturated value (NFRAMES 0) lets an
            // extraction of the stack flag the star as saturated instead of finding a hole
            if (image[i] != image[i] && refRaw[i] >= sat) {
                image[i] = refRaw[i];
            }
        }
        double stackRms = new BackgroundEstimator(settings.backSize(), settings.backFilter())
                .estimate(image, w, h).globalRms();
        long t3 = System.nanoTime();
        return new StackResult(w, h, image, out.weight(), out.nframes(), List.copyOf(regs),
                refPrep.background.globalRms(), stackRms, new StackResult.Timing(t2 - t0 - resample, resample, t3 - t2));
    }

    /** A frame's background map, its background-subtracted pixels with saturated ones blanked, and its stars. */
    private record Prepared(BackgroundMap background, float[] signal, FrameStars stars, double gain) {}

    private Prepared prepare(StackFrame f) {
        FitsImage img = f.image();
        int w = img.width(), h = img.height();
        float[] data = img.data();
        BackgroundMap bg = new BackgroundEstimator(settings.backSize(), settings.backFilter()).estimate(data, w, h);
        FrameStars stars = FrameStars.of(data, w, h, bg, f.extract());
        float[] signal = bg.subtract(data); // blanks become 0 there: restore them as NaN
        double sat = f.extract().saturation();
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (v != v || v >= sat) {
                signal[i] = Float.NaN;
            }
        }
        return new Prepared(bg, signal, stars, f.extract().gain());
    }

    /**
     * Resampling by a map of area a multiplies values, and so the background sigma, by a, and turns
     * a gain g (electrons per count) into g / a; Lanczos' slight smoothing is the same for all
     * frames to first order and left out of the weights.
     */
    private static Combiner.FrameNoise noise(Prepared p, double area) {
        double sigma = p.background.globalRms() * area;
        return new Combiner.FrameNoise(1.0 / (sigma * sigma), sigma, p.gain / area);
    }
}
