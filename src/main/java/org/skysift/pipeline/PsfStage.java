package org.skysift.pipeline;

import java.util.List;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.Source;
import org.skysift.extract.psf.PsfBuilder;
import org.skysift.extract.psf.PsfCandidates;
import org.skysift.extract.psf.PsfMeasurements;
import org.skysift.extract.psf.PsfModel;
import org.skysift.extract.psf.PsfParams;
import org.skysift.extract.psf.PsfPhotometry;

/** Pass 2 of one tile: the PSF model from pass-1 stars, then PSF photometry of every pass-1 source. */
final class PsfStage {
    private PsfStage() {}

    record Result(PsfModel model, PsfMeasurements measurements) {}

    static PsfParams params(SkySiftConfig.Psf p, double gain) {
        return new PsfParams(p.oversampling(), p.degree(), p.radiusPx(), p.minSnr(), p.maxElongation(), p.fwhmClip(),
                p.maxStars(), p.minStars(), p.starsPerTerm(), p.iterations(), p.fitRadiusFwhm(), gain,
                p.subtractNeighbours());
    }

    /**
     * @param sub background-subtracted image (NaN-free)
     * @param rms background rms map
     */
    static Result run(float[] sub, float[] rms, int w, int h, List<Source> sources, PsfParams params) {
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
        PsfModel model = PsfBuilder.build(sub, rms, w, h, new PsfCandidates(x, y, flux, snr, fwhm, elong, flags), params);
        return new Result(model, PsfPhotometry.measure(sub, rms, w, h, model, x, y, params));
    }
}
