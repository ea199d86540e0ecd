package org.skysift.wcs;

/**
 * A header's celestial WCS, the model it was read with and, for {@link WcsModel#TAN_FALLBACK}, why the
 * plate solution was passed over (naming the header key or pixel); warning is null otherwise.
 */
public record WcsReading(Wcs wcs, WcsModel model, String warning) {}
