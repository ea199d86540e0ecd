package org.skysift.acquire;

import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;

/** Small real FITS files for acquire tests. */
final class FitsBytes {
    private FitsBytes() {}

    /** A synthetic plate of side {@code arcmin} (106 px for 3'). */
    static byte[] plate(double arcmin) {
        return SyntheticRenderer.render(new Tile(11, 150, 2, arcmin, arcmin), new SyntheticSky(TestSkies.standard(3))).fits();
    }
}
