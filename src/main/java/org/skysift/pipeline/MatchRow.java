package org.skysift.pipeline;

/** A row of the matches table: a source and its counterpart. delta_mag = mag_auto - ref_mag. */
public record MatchRow(long tileId, int sourceId, String refCatalog, String refId, double refRa, double refDec,
                       Double refMag, double sepArcsec, Double deltaMag) implements java.io.Serializable {}
