package org.skysift.report.html;

/** One entry of plots/plots.json: file (relative to plots/), title and caption; present when the PNG exists. */
public record Plot(String file, String title, String caption, boolean present) {}
