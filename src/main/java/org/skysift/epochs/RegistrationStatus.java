package org.skysift.epochs;

/** How a frame's registration to the reference ended; all but REFERENCE and REGISTERED leave it out. */
public enum RegistrationStatus {
    REFERENCE, REGISTERED, BAD_WCS, NO_STARS, TOO_FEW_MATCHES;

    public boolean used() {
        return this == REFERENCE || this == REGISTERED;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
