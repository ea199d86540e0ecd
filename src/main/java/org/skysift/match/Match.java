package org.skysift.match;

import org.skysift.catalog.RefStar;

/** A source (by index in the list given to the matcher) and its counterpart. */
public record Match(int sourceIndex, RefStar ref, double sepArcsec) {}
