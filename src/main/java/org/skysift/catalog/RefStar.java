package org.skysift.catalog;

import java.io.Serializable;

/** A reference catalog row: position in degrees (ICRS), magnitude (NaN when unknown). */
public record RefStar(String id, double ra, double dec, double mag) implements Serializable {}
