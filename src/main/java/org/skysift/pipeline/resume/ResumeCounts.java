package org.skysift.pipeline.resume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import org.skysift.acquire.AcquireOutcome;
import org.skysift.config.ConfigLoader;

/**
 * How much of a run's work this invocation did: tiles read back from checkpoints, tiles processed, and the
 * images downloaded for them (0 when the images are not fetched over HTTP or were all in the cache).
 *
 * @param imageRequests HTTP requests made for those images, retries included
 */
public record ResumeCounts(long tilesResumed, long tilesProcessed, long imagesFetched, long imageRequests) {
    public static ResumeCounts of(long resumed, long processed, Collection<AcquireOutcome> outcomes) {
        long fetched = 0, requests = 0;
        for (AcquireOutcome o : outcomes) {
            fetched += o.ok() && !o.cached() ? 1 : 0;
            requests += o.attempts();
        }
        return new ResumeCounts(resumed, processed, fetched, requests);
    }

    public ObjectNode json() {
        ObjectNode n = ConfigLoader.json().createObjectNode();
        n.put("tiles_resumed", tilesResumed);
        n.put("tiles_processed", tilesProcessed);
        n.put("images_fetched", imagesFetched);
        n.put("image_requests", imageRequests);
        return n;
    }

    /** The line a resumed run starts with. */
    public static String resumingLine(String runId, long resumed, long total) {
        return "Resuming run " + runId + ": " + resumed + " of " + total + " tiles already done, processing "
                + (total - resumed);
    }
}
