package org.skysift.report.plots;

/** One entry of plots/plots.json: the PNG (relative to plots/), its title and a caption saying how to read it. */
public record Figure(String file, String title, String caption) {}
