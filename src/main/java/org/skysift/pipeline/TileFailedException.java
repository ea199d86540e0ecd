package org.skysift.pipeline;

/** Raised instead of writing a failed row when the run is --fail-fast. */
public class TileFailedException extends RuntimeException {
    public TileFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
