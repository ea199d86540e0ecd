package org.skysift.epochs;

import java.util.List;

/**
 * One epoch on the reference epoch's pixel grid, ready for forced photometry: background-subtracted
 * pixels in the reference epoch's counts, their variances, the mask, the epoch's PSF on the grid.
 *
 * @param epoch   label carried into the results (e.g. the epoch's name or date)
 * @param image   background-subtracted pixels, reference counts; ignored where masked
 * @param variance per-pixel variance, reference counts squared
 * @param masked  no data, saturated, outside the overlap, edge border
 * @param noData  pixels this epoch does not cover (outside its image or blank), a subset of masked that
 *                tells "off the image" (flag 2) from "saturated" (flag 4); null when unknown
 * @param psf     the epoch's PSF kernel on the grid
 * @param fwhm    that PSF's FWHM, px
 */
public record EpochPlane(String epoch, int width, int height, float[] image, float[] variance, boolean[] masked,
                         boolean[] noData, PixelPsf psf, double fwhm) {

    public EpochPlane {
        int n = width * height;
        if (image.length != n || variance.length != n || masked.length != n || (noData != null && noData.length != n)) {
            throw new IllegalArgumentException("epoch " + epoch + ": planes of " + image.length + ", " + variance.length
                    + ", " + masked.length + " pixels on a grid of " + width + " x " + height);
        }
        if (!(fwhm > 0)) {
            throw new IllegalArgumentException("epoch " + epoch + ": PSF FWHM " + fwhm + " px must be > 0");
        }
    }

    /** The new epoch of a difference, divided by its flux scale so that it reads in reference counts. */
    public static EpochPlane fresh(String epoch, DiffResult d) {
        DiffResult.Planes p = d.planes();
        double f = d.fluxScale();
        float[] img = new float[p.fresh().length], var = new float[img.length];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (p.fresh()[i] / f);
            var[i] = (float) (p.varFresh()[i] / (f * f));
        }
        return new EpochPlane(epoch, d.width(), d.height(), img, var, p.masked(), null, p.psfFresh(), d.fwhmNew());
    }

    /**
     * The reference epoch from the reference side of its differences. Each difference masks what either
     * image lacks; a pixel is masked here only when every difference masks it, so the reference keeps the
     * pixels that one new epoch does not cover. The reference side is the same image in all of them.
     */
    public static EpochPlane reference(String epoch, List<DiffResult> diffs) {
        if (diffs.isEmpty()) {
            throw new IllegalArgumentException("epoch " + epoch + ": the reference plane needs at least one difference");
        }
        DiffResult first = diffs.get(0);
        int n = first.width() * first.height();
        float[] img = first.planes().reference().clone(), var = first.planes().varReference().clone();
        boolean[] masked = first.planes().masked().clone();
        for (DiffResult d : diffs.subList(1, diffs.size())) {
            if (d.width() != first.width() || d.height() != first.height()) {
                throw new IllegalArgumentException("epoch " + epoch + ": differences on grids of " + first.width()
                        + " x " + first.height() + " and " + d.width() + " x " + d.height());
            }
            DiffResult.Planes p = d.planes();
            for (int i = 0; i < n; i++) {
                if (masked[i] && !p.masked()[i]) {
                    masked[i] = false;
                    img[i] = p.reference()[i];
                    var[i] = p.varReference()[i];
                }
            }
        }
        return new EpochPlane(epoch, first.width(), first.height(), img, var, masked, null, first.planes().psfReference(),
                first.fwhmRef());
    }
}
