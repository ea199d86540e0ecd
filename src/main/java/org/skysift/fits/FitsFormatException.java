package org.skysift.fits;

/** A FITS file that cannot be used: not FITS, truncated, wrong shape, or an unusable keyword. */
public class FitsFormatException extends RuntimeException {
    public FitsFormatException(String message) {
        super(message);
    }

    public FitsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
