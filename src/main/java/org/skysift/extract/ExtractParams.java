package org.skysift.extract;

/**
 * @param detectThresh threshold in units of the local background rms
 * @param filterFwhm   FWHM in pixels of the Gaussian detection filter; 0 = no filtering
 * @param aperDiameters circular aperture diameters in pixels
 * @param gain         e-/ADU for the Poisson part of flux errors; 0 = background noise only
 * @param saturation   pixel value at or above which a pixel is saturated (raw units)
 */
public record ExtractParams(double detectThresh, int minArea, double filterFwhm, double[] aperDiameters,
                            double gain, double saturation) {}
