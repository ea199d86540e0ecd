package org.skysift.synth;

import java.util.List;
import org.skysift.sky.Tile;

/**
 * Renders the frames of the epochs of one tile from one synthetic sky (see {@link SyntheticEpoch}).
 * STUB: the contract the pipeline codes against; the renderer is being written.
 */
public final class EpochRenderer {
    private EpochRenderer() {}

    /**
     * Frame {@code frame} (0-based) of epoch {@code epochIndex} of the tile. The reference epoch renders every
     * changing star at its reference flux (vanishing ones included, appearing ones absent); another epoch
     * renders its own changes and every other epoch's stars at their reference flux.
     */
    public static EpochFrame render(Tile tile, SyntheticSky sky, Realism realism, List<SyntheticEpoch> epochs,
                                    int referenceIndex, int epochIndex, int frame) {
        throw new UnsupportedOperationException("EpochRenderer not written yet");
    }
}
