package org.skysift.pipeline;

/** A row of the targets table. inputLine is the CSV line (null for generated targets). */
public record TargetRow(long targetId, double ra, double dec, long tileId, long healpix, String origin, Long inputLine) implements java.io.Serializable {}
