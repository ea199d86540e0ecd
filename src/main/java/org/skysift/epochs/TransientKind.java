package org.skysift.epochs;

import java.util.Locale;

/** What happened to a source between the reference and the new epoch. */
public enum TransientKind {
    /** not significant on the reference, significant and brighter on the new image */
    APPEARED,
    /** significant on the reference, not significant on the new image */
    VANISHED,
    /** significant on both, brighter on the new image */
    BRIGHTENED,
    /** significant on both, fainter on the new image */
    FADED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param brighter whether S (new minus reference) is positive at the transient
     * @param refSnr   forced-photometry S/N on the reference
     * @param newSnr   forced-photometry S/N on the new image
     * @param minSnr   S/N that counts as a detection in one epoch
     */
    static TransientKind classify(boolean brighter, double refSnr, double newSnr, double minSnr) {
        if (brighter) {
            return refSnr >= minSnr ? BRIGHTENED : APPEARED;
        }
        return newSnr >= minSnr ? FADED : VANISHED;
    }
}
