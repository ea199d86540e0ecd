package org.skysift.extract.psf;

import java.util.List;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.extract.Source;

/** Pass 2 of one image: the PSF model from the pass-1 stars, then PSF photometry of every pass-1 source. */
public final class PassTwo {
    private PassTwo() {}

    /** The model and the measurements, in the order of the pass-1 list. */
    public record Result(PsfModel model, PsfMeasurements measurements) {}

    /**
     * @param sub background-subtracted image, NaN-free (see BackgroundMap.subtract)
     * @param rms background rms map
     */
    public static Result run(float[] sub, float[] rms, int w, int h, List<Source> sources, PsfParams params) {
        return run(sub, NoiseMap.of(rms), w, h, sources, params);
    }

    /**
     * As the job runs it: the rms comes from the background mesh, pixel by pixel, so no full-resolution
     * rms map is built (bit-identical numbers).
     */
    public static Result run(float[] sub, BackgroundMap bg, int w, int h, List<Source> sources, PsfParams params) {
        return run(sub, NoiseMap.of(bg), w, h, sources, params);
    }

    public static Result run(float[] sub, NoiseMap rms, int w, int h, List<Source> sources, PsfParams params) {
        PsfCandidates c = PsfCandidates.of(sources);
        PsfModel model = PsfBuilder.build(sub, rms, w, h, c, params);
        return new Result(model, PsfPhotometry.measure(sub, rms, w, h, model, c.x(), c.y(), params));
    }
}
