package org.skysift.report.hats;

/**
 * One leaf partition of a HATS catalog: a nested HEALPix pixel at its own order and the rows in it.
 * Its file is dataset/Norder=K/Dir=D/Npix=N.parquet with D = (N / 10000) * 10000, so no folder holds
 * more than 10,000 leaves.
 */
public record HatsPixel(int order, long pixel, long rows) {
    static final int INDEX_ORDER = 29;

    public HatsPixel {
        if (order < 0 || order > INDEX_ORDER || pixel < 0 || pixel >= 12L << (2 * order)) {
            throw new IllegalArgumentException("HATS pixel " + pixel + " at order " + order);
        }
    }

    /** First _healpix_29 value inside the pixel. */
    public long start29() {
        return pixel << (2 * (INDEX_ORDER - order));
    }

    /** One past the last _healpix_29 value inside the pixel. */
    public long end29() {
        return (pixel + 1) << (2 * (INDEX_ORDER - order));
    }

    public long dir() {
        return pixel / 10_000 * 10_000;
    }

    /** Path of the leaf file relative to the catalog's dataset/ folder. */
    public String leafPath() {
        return "Norder=" + order + "/Dir=" + dir() + "/Npix=" + pixel + ".parquet";
    }

    /** Share of the sphere the pixel covers. */
    public double skyFraction() {
        return 1.0 / (12L << (2 * order));
    }

    /** True when this pixel contains the other (or is it). */
    public boolean covers(HatsPixel other) {
        return other.order >= order && other.pixel >>> (2 * (other.order - order)) == pixel;
    }
}
