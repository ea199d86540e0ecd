package org.skysift.synth;

import java.util.List;
import org.skysift.wcs.TanWcs;

/**
 * A synthetic plate: FITS bytes plus the truth behind them.
 *
 * @param stars every rendered star whose centre lies on the image, with its true pixel position
 */
public record RenderedTile(byte[] fits, int width, int height, TanWcs wcs, double fwhmPx, double epoch,
                           List<PlacedStar> stars) {

    /** A star at its true FITS pixel position and expected total counts. */
    public record PlacedStar(SyntheticStar star, double x, double y, double flux) {}
}
