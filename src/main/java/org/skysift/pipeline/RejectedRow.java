package org.skysift.pipeline;

/**
 * A source with no counterpart that failed at least one candidate gate: kept so every rejection can
 * be audited. failed_gates lists every gate it fails, comma-separated, in gate order.
 */
public record RejectedRow(long tileId, int sourceId, double ra, double dec, Double mag, double snr, double fwhmPx,
                          double elongation, String firstFailedGate, String failedGates, Boolean injected)
        implements java.io.Serializable {}
