package org.skysift.acquire;

import java.io.IOException;

/** No service delivered a tile's image; the message names each service's last failure. */
public class AcquireFailedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    public AcquireFailedException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** HTTP requests made over all services. */
    public int attempts() {
        return attempts;
    }
}
