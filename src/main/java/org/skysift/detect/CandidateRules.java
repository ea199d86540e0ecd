package org.skysift.detect;

import java.util.ArrayList;
import java.util.List;
import org.skysift.extract.Source;

/**
 * "Vanishing" candidates: sources with no reference counterpart that are clean (FLAGS == 0),
 * significant (SNR above a threshold) and away from the image edge. The candidate-gates issue
 * extends this list of gates.
 *
 * @param minSnr       keep sources with SNR strictly above this
 * @param edgeMarginPx keep sources at least this far from every image border
 */
public record CandidateRules(double minSnr, double edgeMarginPx) {

    /** A selected source and the score that ranks it (higher = more significant). */
    public record Candidate(int sourceIndex, String reason, double score) {}

    public List<Candidate> select(List<Source> sources, boolean[] matched, int width, int height) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            if (matched[i] || s.flags() != 0 || !(s.snr() > minSnr) || !insideMargin(s.x(), s.y(), width, height)) {
                continue;
            }
            out.add(new Candidate(i, "no_counterpart", 1.0 - Math.exp(-s.snr() / 100.0)));
        }
        return out;
    }

    /** Whether a FITS pixel position is at least the margin away from every border. */
    public boolean insideMargin(double x, double y, int width, int height) {
        return x - 0.5 >= edgeMarginPx && y - 0.5 >= edgeMarginPx
                && width + 0.5 - x >= edgeMarginPx && height + 0.5 - y >= edgeMarginPx;
    }
}
