package org.skysift.synth;

import java.util.List;
import org.skysift.wcs.TanWcs;

/**
 * A synthetic plate: FITS bytes plus the truth behind them.
 *
 * @param fwhmPx    seeing FWHM at the plate centre (see {@code artifacts.fwhmField()} for elsewhere)
 * @param stars     every rendered star whose centre lies on the image, with its true pixel position
 * @param artifacts seeing field and defects rendered into the plate (empty lists for a plain plate)
 */
public record RenderedTile(byte[] fits, int width, int height, TanWcs wcs, double fwhmPx, double epoch,
                           List<PlacedStar> stars, Artifacts artifacts) {

    public RenderedTile(byte[] fits, int width, int height, TanWcs wcs, double fwhmPx, double epoch,
                        List<PlacedStar> stars) {
        this(fits, width, height, wcs, fwhmPx, epoch, stars,
                new Artifacts(FwhmField.constant(fwhmPx, width, height), List.of(), List.of()));
    }

    /**
     * A star at its true FITS pixel position and expected total counts.
     *
     * @param fwhm      seeing FWHM used for this star, pixels
     * @param saturated its expected peak (sky included) reaches the saturation level
     * @param haloFlux  counts in its halo, on top of {@code flux} (0 without a halo)
     */
    public record PlacedStar(SyntheticStar star, double x, double y, double flux, double fwhm, boolean saturated,
                             double haloFlux) {
        public PlacedStar(SyntheticStar star, double x, double y, double flux) {
            this(star, x, y, flux, Double.NaN, false, 0);
        }
    }

    /** Truth of what the realism options added. */
    public record Artifacts(FwhmField fwhmField, List<CosmicRay> cosmicRays, List<Scratch> scratches) {}
}
