package org.skysift.pipeline;

/**
 * A row of the candidates table. injected is whether the candidate sits on a star the synthetic
 * sky withheld from the reference (null for real images); gates_passed lists the gates the row was
 * tested against, comma-separated; target_name is the name of the nearest named target of the tile
 * (null when the tile's targets have no names).
 */
public record CandidateRow(long tileId, int sourceId, double ra, double dec, Double mag, double snr, double fwhmPx,
                           String reason, double score, Double nearestRefSepArcsec, String gatesPassed, String cutout, Boolean injected,
                           String targetName) implements java.io.Serializable {

    public CandidateRow(long tileId, int sourceId, double ra, double dec, Double mag, double snr, double fwhmPx, String reason,
                        double score, Double nearestRefSepArcsec, String gatesPassed, String cutout, Boolean injected) {
        this(tileId, sourceId, ra, dec, mag, snr, fwhmPx, reason, score, nearestRefSepArcsec, gatesPassed, cutout, injected, null);
    }

    public CandidateRow withTargetName(String name) {
        return new CandidateRow(tileId, sourceId, ra, dec, mag, snr, fwhmPx, reason, score, nearestRefSepArcsec, gatesPassed,
                cutout, injected, name);
    }
}
