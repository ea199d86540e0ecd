package org.skysift.epochs;

import java.util.Locale;

/**
 * How a new image is subtracted from the reference: ZOGY's proper image subtraction (Zackay, Ofek &amp;
 * Gal-Yam 2016), or a kernel fitted to match the reference's PSF to the new one's (Alard &amp; Lupton 1998).
 */
public enum DiffMethod {
    ZOGY, ALARD_LUPTON;

    /** zogy | alard-lupton (also alard_lupton), any case. */
    public static DiffMethod parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "zogy" -> ZOGY;
            case "alard-lupton" -> ALARD_LUPTON;
            default -> throw new IllegalArgumentException("difference method '" + name + "': use zogy or alard-lupton");
        };
    }

    /** The config's spelling. */
    public String key() {
        return this == ZOGY ? "zogy" : "alard-lupton";
    }
}
