package org.skysift.wcs;

/** Which description of the celestial WCS a header was read with, in order of precedence. */
public enum WcsModel {
    /** DSS plate solution (PLTRAH.., AMDX/AMDY, CNPIX): the most exact for DSS scans. */
    DSS_PLATE,
    /** TAN with a CD matrix (optionally SIP). */
    TAN_CD,
    /** TAN with PCi_j (or the old PC00i00j) times CDELTi (optionally SIP). */
    TAN_PC,
    /** TAN with CDELTi and a rotation CROTA2 (optionally SIP). */
    TAN_CROTA
}
