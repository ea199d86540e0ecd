package org.skysift.catalog;

import java.io.Serializable;
import org.skysift.sky.EpochPropagation;

/**
 * A reference catalog row: position in degrees (ICRS) at {@code epoch}, magnitude, and proper
 * motion in mas/yr (pmra includes cos(dec)), and a colour index (Gaia BP-RP when the catalogue has it)
 * for the photometric colour term. NaN marks what is unknown; a row without proper motion or epoch is
 * taken to be where it is at every epoch.
 */
public record RefStar(String id, double ra, double dec, double mag, double pmra, double pmdec, double epoch,
                      double colour) implements Serializable {

    /** A row without a colour. */
    public RefStar(String id, double ra, double dec, double mag, double pmra, double pmdec, double epoch) {
        this(id, ra, dec, mag, pmra, pmdec, epoch, Double.NaN);
    }

    /** A row without proper motion. */
    public RefStar(String id, double ra, double dec, double mag) {
        this(id, ra, dec, mag, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** The same star with an epoch (used when the catalogue gives none and reference.epoch is set). */
    public RefStar withEpoch(double e) {
        return new RefStar(id, ra, dec, mag, pmra, pmdec, e, colour);
    }

    public boolean hasProperMotion() {
        return Double.isFinite(pmra) && Double.isFinite(pmdec) && Double.isFinite(epoch);
    }

    /** This star moved to another epoch (Julian years); itself when it has no proper motion. */
    public RefStar atEpoch(double toEpoch) {
        if (!hasProperMotion() || !Double.isFinite(toEpoch) || toEpoch == epoch) {
            return this;
        }
        EpochPropagation.Motion m = EpochPropagation.propagate(ra, dec, pmra, pmdec, epoch, toEpoch);
        return new RefStar(id, m.ra(), m.dec(), mag, m.pmra(), m.pmdec(), m.epoch(), colour);
    }
}
