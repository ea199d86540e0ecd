package org.skysift.detect;

import java.util.Locale;

/**
 * The candidate gates in the order they are applied (the funnel order). Defaults follow the VASCO
 * survey's vanishing-source selection (Solano et al. 2022, MNRAS 515, 1380).
 */
public enum Gate {
    /** No reference counterpart within the match radius: what makes a source a candidate at all. */
    UNMATCHED,
    /** FLAGS == 0: not blended, saturated, truncated or with incomplete apertures. */
    FLAGS,
    /** SNR above the minimum. */
    SNR,
    /** FWHM inside (min, max) pixels: rejects cosmic rays (too sharp) and extended junk. */
    FWHM,
    /** Elongation below the maximum: rejects trails and merged pairs. */
    ELONGATION,
    /** SPREAD_MODEL above the minimum: rejects sources sharper than the PSF (skipped when not measured). */
    SPREAD_MODEL,
    /** Isophotal x and y extents both above a minimum and within a maximum difference of each other. */
    EXTENT,
    /** FWHM and elongation within k robust sigma (MAD) of the tile's clean stars. */
    SHAPE_OUTLIER,
    /** Outside the halo mask of every bright reference star. */
    BRIGHT_STAR,
    /** Outside the diffraction-spike zones (along the pixel axes) of bright reference stars. */
    SPIKE,
    /** At least the edge margin away from every image border. */
    EDGE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
