package org.skysift.wcs;

import org.skysift.fits.FitsHeader;

/** Builds the celestial WCS of a header. */
public final class WcsReader {
    private WcsReader() {}

    public static Wcs fromHeader(FitsHeader h) {
        String c1 = h.getString("CTYPE1");
        String c2 = h.getString("CTYPE2");
        if (c1 != null && c2 != null && !(c1.endsWith("-TAN") && c2.endsWith("-TAN"))) {
            throw new WcsException("unsupported projection CTYPE1='" + c1 + "', CTYPE2='" + c2 + "' (TAN expected)");
        }
        Double crval1 = h.getDouble("CRVAL1"), crval2 = h.getDouble("CRVAL2");
        Double crpix1 = h.getDouble("CRPIX1"), crpix2 = h.getDouble("CRPIX2");
        boolean hasCd = h.has("CD1_1") || h.has("CD1_2") || h.has("CD2_1") || h.has("CD2_2");
        if (crval1 == null || crval2 == null || crpix1 == null || crpix2 == null || !hasCd) {
            throw new WcsException("no celestial WCS: looked for CRVAL1/2, CRPIX1/2 and CD1_1..CD2_2 (TAN)");
        }
        return new TanWcs(crpix1, crpix2, crval1, crval2,
                h.getDouble("CD1_1", 0), h.getDouble("CD1_2", 0), h.getDouble("CD2_1", 0), h.getDouble("CD2_2", 0));
    }
}
