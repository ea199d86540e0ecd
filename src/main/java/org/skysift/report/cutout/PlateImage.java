package org.skysift.report.cutout;

import org.skysift.wcs.Wcs;

/**
 * The plate a candidate was found on: pixels row-major as in {@link org.skysift.fits.FitsImage}
 * (FITS pixel (x, y), 1-based, at {@code data[(y - 1) * width + (x - 1)]}; NaN = blank) and its WCS.
 */
public record PlateImage(float[] data, int width, int height, Wcs wcs) {

    public PlateImage {
        if (width <= 0 || height <= 0 || data.length != (long) width * height) {
            throw new IllegalArgumentException("plate " + width + "x" + height + " with " + data.length + " pixels");
        }
    }

    /**
     * Bilinear value at FITS pixel (x, y); NaN off the plate (beyond the outer pixels' edges). A blank
     * among the four neighbours gives the nearest pixel's value instead, so blanks do not spread.
     */
    public double sample(double x, double y) {
        if (!(x >= 0.5 && x <= width + 0.5 && y >= 0.5 && y <= height + 0.5)) {
            return Double.NaN;
        }
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        int xa = Math.max(x0, 1), xb = Math.min(x0 + 1, width);
        int ya = Math.max(y0, 1), yb = Math.min(y0 + 1, height);
        float v00 = pixel(xa, ya), v10 = pixel(xb, ya), v01 = pixel(xa, yb), v11 = pixel(xb, yb);
        if (Float.isNaN(v00) || Float.isNaN(v10) || Float.isNaN(v01) || Float.isNaN(v11)) {
            return pixel(Math.min(Math.max((int) Math.round(x), 1), width), Math.min(Math.max((int) Math.round(y), 1), height));
        }
        return (1 - fy) * ((1 - fx) * v00 + fx * v10) + fy * ((1 - fx) * v01 + fx * v11);
    }

    private float pixel(int x, int y) {
        return data[(y - 1) * width + (x - 1)];
    }
}
