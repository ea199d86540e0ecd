package org.skysift.epochs;

import org.skysift.extract.ExtractParams;
import org.skysift.fits.FitsImage;

/**
 * A frame to stack: its pixels and header (WCS, GAIN) and the extraction settings that find its
 * stars (with its own saturation level and gain, as the survey job would use for it).
 */
public record StackFrame(String name, FitsImage image, ExtractParams extract) {}
