package org.skysift.wcs;

import org.skysift.fits.FitsHeader;

/**
 * Builds the celestial WCS of a header. Precedence: the DSS plate solution, then a CD matrix, then
 * PC + CDELT, then CDELT + CROTA2. DSS headers carry both a plate solution and a fitted TAN whose
 * redundant keywords disagree with each other; the plate solution is the survey's own astrometry.
 *
 * <p>A plate solution that is present but unusable (a key missing, not a number or not finite, a
 * singular PPO orientation or AMD polynomial, or a solution that does not map the image's corners and
 * centre back onto themselves) gives way to the header's TAN when there is one:
 * {@link WcsModel#TAN_FALLBACK} with a warning naming the key and why. Without a TAN it is an error.
 */
public final class WcsReader {
    private static final String[] CD = {"CD1_1", "CD1_2", "CD2_1", "CD2_2"};
    private static final String[] PC = {"PC1_1", "PC1_2", "PC2_1", "PC2_2"};
    private static final String[] PC_OLD = {"PC001001", "PC001002", "PC002001", "PC002002"};

    private WcsReader() {}

    public static Wcs fromHeader(FitsHeader h) {
        return read(h).wcs();
    }

    /** The model {@link #fromHeader} uses; a WcsException naming what was looked for when there is none. */
    public static WcsModel modelOf(FitsHeader h) {
        return read(h).model();
    }

    /** The WCS with its model and, when the plate solution was passed over, the warning saying why. */
    public static WcsReading read(FitsHeader h) {
        boolean plate = DssPlateWcs.present(h);
        WcsModel tanModel = tanModelOf(h);
        if (!plate && tanModel == null) {
            throw new WcsException("no celestial WCS: looked for a DSS plate solution (PLTRAH, AMDX1, AMDY1, ...),"
                    + " CD1_1..CD2_2, PC1_1..PC2_2 (or PC001001..) with CDELT1/2, and CDELT1/2 with CROTA2"
                    + " (each with CRVAL1/2, CRPIX1/2, TAN)");
        }
        checkFrame(h);
        if (!plate) {
            return new WcsReading(tan(h, tanModel), tanModel, null);
        }
        try {
            return new WcsReading(DssPlateWcs.fromHeader(h), WcsModel.DSS_PLATE, null);
        } catch (WcsException unusable) {
            if (tanModel == null) {
                throw unusable;
            }
            Wcs tan;
            try {
                tan = tan(h, tanModel);
            } catch (WcsException tanToo) {
                throw new WcsException(unusable.getMessage() + "; the header's TAN cannot stand in: "
                        + tanToo.getMessage());
            }
            return new WcsReading(tan, WcsModel.TAN_FALLBACK, "plate solution unusable, positions from the"
                    + " header's TAN (" + tanModel.columnValue() + "): " + unusable.getMessage());
        }
    }

    /** Which TAN description the header carries, or null when it has none. */
    private static WcsModel tanModelOf(FitsHeader h) {
        if (any(h, CD)) {
            return WcsModel.TAN_CD;
        }
        if (any(h, PC) || any(h, PC_OLD)) {
            return WcsModel.TAN_PC;
        }
        if (h.has("CDELT1") || h.has("CDELT2")) {
            return WcsModel.TAN_CROTA;
        }
        return null;
    }

    private static Wcs tan(FitsHeader h, WcsModel model) {
        return switch (model) {
            case TAN_CD -> tan(h, cdFromCd(h));
            case TAN_PC -> tan(h, cdFromPc(h));
            case TAN_CROTA -> tan(h, cdFromCrota(h));
            default -> throw new IllegalArgumentException(model + " is not a TAN model");
        };
    }

    private static boolean any(FitsHeader h, String[] keys) {
        for (String k : keys) {
            if (h.has(k)) {
                return true;
            }
        }
        return false;
    }

    private static double num(FitsHeader h, String key, double fallback) {
        try {
            return h.getDouble(key, fallback);
        } catch (RuntimeException e) {
            throw new WcsException(e.getMessage());
        }
    }

    private static double[] cdFromCd(FitsHeader h) {
        return new double[] {num(h, "CD1_1", 0), num(h, "CD1_2", 0), num(h, "CD2_1", 0), num(h, "CD2_2", 0)};
    }

    /** CDi_j = CDELTi * PCi_j; missing PC elements are the unit matrix, missing CDELT are 1 (WCS paper I). */
    private static double[] cdFromPc(FitsHeader h) {
        String[] keys = any(h, PC) ? PC : PC_OLD;
        double[] unit = {1, 0, 0, 1};
        double c1 = num(h, "CDELT1", 1), c2 = num(h, "CDELT2", 1);
        return new double[] {
            c1 * num(h, keys[0], unit[0]), c1 * num(h, keys[1], unit[1]),
            c2 * num(h, keys[2], unit[2]), c2 * num(h, keys[3], unit[3])};
    }

    /** The AIPS convention: the rotation CROTA2 (else CROTA1, else 0) turns the scaled axes. */
    private static double[] cdFromCrota(FitsHeader h) {
        if (!h.has("CDELT1") || !h.has("CDELT2")) {
            throw new WcsException("TAN with CDELT/CROTA needs both CDELT1 and CDELT2 (found only "
                    + (h.has("CDELT1") ? "CDELT1" : "CDELT2") + ")");
        }
        double c1 = num(h, "CDELT1", 0), c2 = num(h, "CDELT2", 0);
        double rot = Math.toRadians(h.has("CROTA2") ? num(h, "CROTA2", 0) : num(h, "CROTA1", 0));
        double cos = Math.cos(rot), sin = Math.sin(rot);
        return new double[] {c1 * cos, -c2 * sin, c1 * sin, c2 * cos};
    }

    private static TanWcs tan(FitsHeader h, double[] cd) {
        String c1 = h.getString("CTYPE1");
        String c2 = h.getString("CTYPE2");
        boolean sipType = false;
        if (c1 != null && c2 != null) {
            sipType = c1.endsWith("-SIP") && c2.endsWith("-SIP");
            String p1 = sipType ? c1.substring(0, c1.length() - 4) : c1;
            String p2 = sipType ? c2.substring(0, c2.length() - 4) : c2;
            if (!(p1.startsWith("RA--") && p1.endsWith("-TAN") && p2.startsWith("DEC-") && p2.endsWith("-TAN"))) {
                throw new WcsException("unsupported projection CTYPE1='" + c1 + "', CTYPE2='" + c2
                        + "' (RA---TAN / DEC--TAN, optionally -SIP, expected)");
            }
        }
        Double lonpole = h.has("LONPOLE") ? num(h, "LONPOLE", 180) : null;
        if (lonpole != null && Math.abs(lonpole - 180) > 1e-9) {
            throw new WcsException("LONPOLE = " + lonpole + " is not supported (TAN with LONPOLE 180 expected)");
        }
        String[] needed = {"CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2"};
        StringBuilder missing = new StringBuilder();
        for (String k : needed) {
            if (!h.has(k)) {
                missing.append(missing.length() == 0 ? "" : ", ").append(k);
            }
        }
        if (missing.length() > 0) {
            throw new WcsException("no celestial WCS: missing " + missing + " (looked for CRVAL1/2, CRPIX1/2 with"
                    + " CD1_1..CD2_2, PC + CDELT or CDELT + CROTA2, TAN)");
        }
        SipDistortion sip = null;
        if (SipDistortion.present(h)) {
            sip = SipDistortion.fromHeader(h);
        } else if (sipType) {
            throw new WcsException("CTYPE1='" + c1 + "' announces SIP distortion but A_ORDER/B_ORDER are missing");
        }
        return new TanWcs(num(h, "CRPIX1", 0), num(h, "CRPIX2", 0), num(h, "CRVAL1", 0), num(h, "CRVAL2", 0),
                cd[0], cd[1], cd[2], cd[3], sip);
    }

    /** Positions are ICRS/FK5 J2000; an FK4 or B1950 frame would be off by up to a degree, so it is refused. */
    private static void checkFrame(FitsHeader h) {
        String radesys = h.has("RADESYS") ? h.getString("RADESYS") : h.getString("RADECSYS");
        if (radesys != null) {
            String r = radesys.replace("'", "").trim().toUpperCase(java.util.Locale.ROOT);
            if (r.startsWith("FK4") || r.equals("GAPPT")) {
                throw new WcsException("RADESYS = '" + radesys + "' is not supported (ICRS or FK5 J2000 expected)");
            }
            if (r.equals("ICRS")) {
                return;
            }
        }
        if (h.has("EQUINOX")) {
            double eq = num(h, "EQUINOX", 2000);
            if (Math.abs(eq - 2000) > 0.01) {
                throw new WcsException("EQUINOX = " + eq + " is not supported (J2000 expected; no precession)");
            }
        }
    }
}
