package org.skysift.pipeline;

/**
 * A row of the injections table: one star the synthetic sky rendered into the plate but withheld
 * from the reference (synthetic images only), inside the candidate edge margin, with what the
 * pipeline made of it. Positions and mag are the truth; recovered means a candidate lies within
 * report.injection_radius_arcsec, detected that any source does. firstGate is the first gate failed by
 * the nearest source within the radius ("unmatched" when that source had a reference counterpart),
 * "undetected" when no source is that close, and null when recovered. sourceId is the nearest
 * candidate when recovered, else the nearest source, null when undetected; sepArcsec its distance.
 */
public record InjectionRow(long tileId, double ra, double dec, double x, double y, double mag, boolean recovered,
                           boolean detected, String firstGate, Integer sourceId, Double sepArcsec)
        implements java.io.Serializable {
    public static final String UNDETECTED = "undetected";
}
