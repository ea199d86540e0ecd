package org.skysift.pipeline;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.skysift.catalog.RefStar;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.wcs.Wcs;

/** Executor side: a PNG stamp per candidate under the run folder; the rows come back with their cutout paths. */
final class CandidateCutouts {
    private CandidateCutouts() {}

    static List<CandidateRow> attach(SkySiftConfig config, Configuration hconf, String runDir, FitsImage img, Wcs wcs,
                                     List<RefStar> refs, List<CandidateRow> candidates) {
        return candidates; // TODO(issue 8)
    }
}
