package org.skysift.synth;

import java.util.List;

/** One rendered frame of one epoch with the changes of every epoch of the tile (the same list in each frame). */
public record EpochFrame(RenderedTile image, List<InjectedChange> changes) {}
