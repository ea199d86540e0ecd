package org.skysift.fits;

/**
 * A 2-D image in physical units (BZERO/BSCALE applied), row-major: pixel (x, y) in FITS 1-based
 * coordinates is {@code data[(y - 1) * width + (x - 1)]}. Blank or non-finite pixels are NaN.
 */
public record FitsImage(int width, int height, float[] data, FitsHeader header) {

    public FitsImage {
        if (width <= 0 || height <= 0 || data.length != (long) width * height) {
            throw new IllegalArgumentException("image " + width + "x" + height + " with " + data.length + " pixels");
        }
    }
}
