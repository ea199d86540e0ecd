package org.skysift.synth;

import java.io.Serializable;
import org.skysift.config.SkySiftConfig;

/**
 * The synthetic sky and its plates: the {@code synthetic} config section plus the plate scale.
 *
 * @param params star density, luminosity function, injected vanished stars, sky and noise
 */
public record SkyModel(SkySiftConfig.Synthetic params, double pixelScaleArcsec) implements Serializable {}
