package org.skysift.acquire;

import java.util.List;
import org.skysift.synth.RenderedTile;

/**
 * The bytes of a tile's FITS image and where they came from.
 *
 * @param truth the stars rendered into a synthetic image, null for real images
 */
public record AcquiredImage(String uri, byte[] bytes, String sha256, int attempts, List<RenderedTile.PlacedStar> truth) {}
