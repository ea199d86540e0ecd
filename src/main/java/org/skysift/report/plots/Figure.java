package org.skysift.report.plots;

/**
 * One entry of plots/plots.json: the PNG (relative to plots/), its title, a caption saying how to read
 * it, and its size in pixels.
 */
public record Figure(String file, String title, String caption, int width, int height) {}
