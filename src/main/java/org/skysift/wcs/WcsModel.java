package org.skysift.wcs;

/** Which description of the celestial WCS a header was read with, in order of precedence. */
public enum WcsModel {
    /** DSS plate solution (PLTRAH.., AMDX/AMDY, PPO1..6, CNPIX): the most exact for DSS scans. */
    DSS_PLATE,
    /** TAN with a CD matrix (optionally SIP). */
    TAN_CD,
    /** TAN with PCi_j (or the old PC00i00j) times CDELTi (optionally SIP). */
    TAN_PC,
    /** TAN with CDELTi and a rotation CROTA2 (optionally SIP). */
    TAN_CROTA,
    /** The header's TAN (CD, PC or CROTA) because its DSS plate solution is unusable; see the warning. */
    TAN_FALLBACK;

    /** The name the tiles table records (wcs_model). */
    public String columnValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
