package org.skysift.extract.psf;

import java.util.List;
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
        PsfCandidates c = PsfCandidates.of(sources);
        PsfModel model = PsfBuilder.build(sub, rms, w, h, c, params);
        return new Result(model, PsfPhotometry.measure(sub, rms, w, h, model, c.x(), c.y(), params));
    }
}
