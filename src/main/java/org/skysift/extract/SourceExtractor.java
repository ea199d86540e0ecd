package org.skysift.extract;

import java.util.List;
import org.skysift.calibrate.BackgroundMap;

/** Finds and measures sources in an image with a known background. */
public interface SourceExtractor {
    List<Source> extract(float[] image, int width, int height, BackgroundMap background, ExtractParams params);

    /** The sources and, when the extractor built one, its background-subtracted image (else null). */
    record Extraction(List<Source> sources, float[] subtracted) {}

    /** As extract, also handing over the subtracted image so a later pass need not build it again. */
    default Extraction extractKeepingImage(float[] image, int width, int height, BackgroundMap background,
                                           ExtractParams params) {
        return new Extraction(extract(image, width, height, background, params), null);
    }
}
