package org.skysift.cli;

import java.util.List;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.calibrate.SaturationLevel;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.extract.Source;
import org.skysift.extract.psf.PsfBuilder;
import org.skysift.extract.psf.PsfCandidates;
import org.skysift.extract.psf.PsfMeasurements;
import org.skysift.extract.psf.PsfModel;
import org.skysift.extract.psf.PsfParams;
import org.skysift.extract.psf.PsfPhotometry;
import org.skysift.fits.FitsImage;
import org.skysift.pipeline.Stages;

/**
 * The whole extraction of one image, in the order the survey job runs it on a tile: background
 * mesh, pass 1 ({@link Extractor}), the PSF model from the pass-1 stars and PSF photometry of every
 * pass-1 source at its windowed position (pass 2). Plain Java: the {@code extract} command and the
 * end-to-end accuracy tests both run exactly this.
 */
public final class ImageExtraction {
    private ImageExtraction() {}

    /**
     * @param background the background map used by both passes
     * @param sources    pass-1 sources, NUMBER order
     * @param psf        the PSF model, or null when pass 2 was off or there was nothing to model
     * @param photometry pass-2 measurements in the order of {@code sources}, or null with {@code psf}
     * @param backgroundNanos time in the background estimate
     * @param pass1Nanos      time in pass 1
     * @param psfNanos        time in the PSF model and PSF photometry
     */
    public record Result(BackgroundMap background, List<Source> sources, PsfModel psf, PsfMeasurements photometry,
                         long backgroundNanos, long pass1Nanos, long psfNanos) {
        public boolean hasPsf() {
            return photometry != null;
        }
    }

    /**
     * Runs the chain with a config's extract section, as the survey job does: saturation from the
     * header (SATURATE/DATAMAX) or the pile-up at the maximum unless extract.saturation is set, gain
     * from extract.gain or the header's GAIN, pass 2 unless extract.psf_pass is false.
     */
    public static Result run(FitsImage img, SkySiftConfig cfg) {
        var ex = cfg.extract();
        ExtractParams p = params(img, cfg);
        return run(img.data(), img.width(), img.height(), ex.backSize(), ex.backFiltersize(), p,
                ex.psfPass() ? psfParams(ex.psf(), p.gain()) : null);
    }

    /** The pass-1 settings for an image under a config (header GAIN and saturation included). */
    public static ExtractParams params(FitsImage img, SkySiftConfig cfg) {
        return Stages.extractParams(cfg, img.header(), SaturationLevel.of(img));
    }

    /** The pass-2 settings from the config (the mapping the survey job's PSF stage uses). */
    public static PsfParams psfParams(SkySiftConfig.Psf p, double gain) {
        return new PsfParams(p.oversampling(), p.degree(), p.radiusPx(), p.minSnr(), p.maxElongation(), p.fwhmClip(),
                p.maxStars(), p.minStars(), p.starsPerTerm(), p.iterations(), p.fitRadiusFwhm(), gain,
                p.subtractNeighbours());
    }

    /**
     * @param image      pixels, row-major width x height; NaN marks blank pixels
     * @param backSize   BACK_SIZE in pixels
     * @param backFilter BACK_FILTERSIZE in meshes
     * @param psfParams  settings of pass 2, or null to run pass 1 only
     */
    public static Result run(float[] image, int width, int height, int backSize, int backFilter, ExtractParams params,
                             PsfParams psfParams) {
        long t0 = System.nanoTime();
        BackgroundMap bg = new BackgroundEstimator(backSize, backFilter).estimate(image, width, height);
        long t1 = System.nanoTime();
        List<Source> sources = new Extractor().extract(image, width, height, bg, params);
        long t2 = System.nanoTime();
        if (psfParams == null || sources.isEmpty()) {
            return new Result(bg, sources, null, null, t1 - t0, t2 - t1, 0);
        }
        float[] sub = bg.levelMap();
        float[] rms = bg.rmsMap();
        for (int i = 0; i < sub.length; i++) {
            // blank pixels carry no signal; the PSF code wants a NaN-free image
            sub[i] = Float.isNaN(image[i]) ? 0f : image[i] - sub[i];
        }
        int n = sources.size();
        double[] x = new double[n], y = new double[n], flux = new double[n], snr = new double[n];
        double[] fwhm = new double[n], elong = new double[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            Source s = sources.get(i);
            x[i] = s.x();
            y[i] = s.y();
            flux[i] = s.fluxAuto();
            snr[i] = s.snr();
            fwhm[i] = s.fwhm();
            elong[i] = s.elongation();
            flags[i] = s.flags();
        }
        PsfModel model = PsfBuilder.build(sub, rms, width, height,
                new PsfCandidates(x, y, flux, snr, fwhm, elong, flags), psfParams);
        PsfMeasurements m = PsfPhotometry.measure(sub, rms, width, height, model, x, y, psfParams);
        long t3 = System.nanoTime();
        return new Result(bg, sources, model, m, t1 - t0, t2 - t1, t3 - t2);
    }
}
