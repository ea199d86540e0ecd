package org.skysift.acquire;

import java.io.IOException;

/** Where tile images come from. Implementations run on executors. */
public interface ImageSource {
    AcquiredImage acquire(TileRequest request) throws IOException;
}
