package org.skysift.calibrate;

/** Full-resolution sky level and rms, row-major like the image, with their global medians. */
public record BackgroundMap(int width, int height, float[] level, float[] rms, double globalLevel, double globalRms) {}
