package org.skysift.pipeline;

/**
 * A row of the candidates table. injected is whether the candidate sits on a star the synthetic
 * sky withheld from the reference (null for real images); gates_passed lists the gates the row was
 * tested against, comma-separated.
 */
public record CandidateRow(long tileId, int sourceId, double ra, double dec, Double mag, double snr, double fwhmPx,
                           String reason, double score, Double nearestRefSepArcsec, String gatesPassed, String cutout, Boolean injected) implements java.io.Serializable {}
