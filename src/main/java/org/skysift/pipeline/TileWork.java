package org.skysift.pipeline;

import java.io.Serializable;
import org.skysift.acquire.TileRequest;

/** One unit of work: a tile to process and how many targets fell in it. */
public record TileWork(TileRequest request, long nTargets) implements Serializable {}
