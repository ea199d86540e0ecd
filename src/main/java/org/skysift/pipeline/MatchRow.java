package org.skysift.pipeline;

/**
 * A row of the matches table: a source and its counterpart. delta_mag = mag_auto - ref_mag; ref_ra/ref_dec
 * are at position_epoch (the plate's, when the row had a proper motion) and ref_epoch is the catalogue's.
 */
public record MatchRow(long tileId, int sourceId, String refCatalog, String refId, double refRa, double refDec,
                       Double refMag, double sepArcsec, Double deltaMag, Double refEpoch, Double positionEpoch) implements java.io.Serializable {}
