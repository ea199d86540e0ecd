package org.skysift.synth;

/**
 * The truth of one injected change: kind (appeared, vanished, brightened, faded, as
 * epochs.TransientKind names them in lower case), the epoch it happened in, sky position, and the
 * star's total counts in the reference epoch and in that epoch (before the emulsion's response).
 */
public record InjectedChange(String kind, String epoch, double ra, double dec, double fluxRef, double fluxNew)
        implements java.io.Serializable {}
