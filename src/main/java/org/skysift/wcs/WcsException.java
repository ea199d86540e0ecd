package org.skysift.wcs;

/** A header whose celestial WCS is missing, incomplete or not invertible. */
public class WcsException extends RuntimeException {
    public WcsException(String message) {
        super(message);
    }
}
