package org.skysift.acquire;

import java.io.Serializable;
import org.skysift.sky.Tile;

/** What to fetch for a tile; imageUri is set when the user listed the tile's image explicitly. */
public record TileRequest(Tile tile, String imageUri) implements Serializable {}
