package org.skysift.pipeline;

/**
 * A row of the epoch_injections table (synthetic epochs only): one injected change with what
 * difference imaging made of it. expectedSnr is |flux_new - flux_ref| over the difference's noise for a
 * point source (what recall is binned by); recovered when a transient lies within
 * report.injection_radius_arcsec, foundKind its class (null when not recovered).
 */
public record EpochInjectionRow(long tileId, String epoch, String kind, double ra, double dec, double fluxRef,
                                double fluxNew, Double expectedSnr, boolean recovered, String foundKind,
                                Integer transientId, Double fluxDiff) implements java.io.Serializable {}
