package org.skysift.pipeline;

/**
 * A row of the targets table. name is the CSV's name/id/target text (null when there is none);
 * inputLine is the CSV line (null for generated targets).
 */
public record TargetRow(long targetId, String name, double ra, double dec, long tileId, long healpix, String origin,
                        Long inputLine) implements java.io.Serializable {}
