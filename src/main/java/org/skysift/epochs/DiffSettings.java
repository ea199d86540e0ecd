package org.skysift.epochs;

/**
 * @param threshold  |S_corr| a transient needs (default 5)
 * @param epochSnr   forced-photometry S/N that counts as "there" in one epoch, for the classes
 * @param backSize   background mesh size in pixels (extract.back_size)
 * @param backFilter background median filter in meshes (extract.back_filtersize)
 * @param searchPx   how far a star may lie from where the two WCS put it
 * @param minMatches star pairs the registration needs
 * @param method     how the two images are subtracted
 */
public record DiffSettings(double threshold, double epochSnr, int backSize, int backFilter, double searchPx,
                           int minMatches, DiffMethod method) {
    public static final double DEFAULT_THRESHOLD = 5;
    public static final double DEFAULT_EPOCH_SNR = 3;

    public DiffSettings {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold " + threshold + ": must be > 0");
        }
        if (!(epochSnr > 0)) {
            throw new IllegalArgumentException("epoch S/N " + epochSnr + ": must be > 0");
        }
        if (method == null) {
            throw new IllegalArgumentException("difference method: must be given (zogy or alard-lupton)");
        }
        if (minMatches < 3) {
            throw new IllegalArgumentException("min matches " + minMatches + ": an affine fit needs at least 3");
        }
    }

    public DiffSettings(double threshold, double epochSnr, int backSize, int backFilter, double searchPx,
                        int minMatches) {
        this(threshold, epochSnr, backSize, backFilter, searchPx, minMatches, DiffMethod.ZOGY);
    }

    public static DiffSettings of(double threshold, int backSize, int backFilter) {
        return new DiffSettings(threshold, DEFAULT_EPOCH_SNR, backSize, backFilter, StackSettings.DEFAULT_SEARCH_PX,
                StackSettings.DEFAULT_MIN_MATCHES);
    }

    public DiffSettings withMethod(DiffMethod m) {
        return new DiffSettings(threshold, epochSnr, backSize, backFilter, searchPx, minMatches, m);
    }
}
