package org.skysift.extract;

import java.util.List;
import org.skysift.calibrate.BackgroundMap;

/** Finds and measures sources in an image with a known background. The stage the extractor issue replaces. */
public interface SourceExtractor {
    List<Source> extract(float[] image, int width, int height, BackgroundMap background, ExtractParams params);
}
