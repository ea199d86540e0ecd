package org.skysift.wcs;

/** Pixel to sky mapping; pixels in FITS 1-based coordinates (centre of the first pixel is 1, 1). */
public interface Wcs {
    /** {ra, dec} in degrees. */
    double[] pixelToSky(double x, double y);

    /** {x, y} in FITS pixels, or null when the position cannot be projected. */
    double[] skyToPixel(double ra, double dec);

    /** Mean pixel scale in arcsec per pixel. */
    double pixelScaleArcsec();
}
