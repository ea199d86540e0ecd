package org.skysift.cli;

import java.util.List;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.calibrate.SaturationLevel;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.extract.Source;
import org.skysift.extract.psf.PassTwo;
import org.skysift.extract.psf.PsfMeasurements;
import org.skysift.extract.psf.PsfModel;
import org.skysift.extract.psf.PsfParams;
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
                ex.psfPass() ? Stages.psfParams(ex.psf(), p.gain()) : null);
    }

    /** The pass-1 settings for an image under a config (header GAIN and saturation included). */
    public static ExtractParams params(FitsImage img, SkySiftConfig cfg) {
        return Stages.extractParams(cfg, img.header(), SaturationLevel.of(img));
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
        Extractor.Result pass1 = new Extractor().extractTimed(image, width, height, bg, params);
        List<Source> sources = pass1.sources();
        long t2 = System.nanoTime();
        if (psfParams == null || sources.isEmpty()) {
            return new Result(bg, sources, null, null, t1 - t0, t2 - t1, 0);
        }
        PassTwo.Result pass2 = PassTwo.run(pass1.subtracted(), bg, width, height, sources, psfParams);
        PsfModel model = pass2.model();
        PsfMeasurements m = pass2.measurements();
        long t3 = System.nanoTime();
        return new Result(bg, sources, model, m, t1 - t0, t2 - t1, t3 - t2);
    }
}
