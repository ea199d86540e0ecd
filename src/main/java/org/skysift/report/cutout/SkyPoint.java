package org.skysift.report.cutout;

/** A position in degrees. */
public record SkyPoint(double ra, double dec) {}
