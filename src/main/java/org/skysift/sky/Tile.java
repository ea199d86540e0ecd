package org.skysift.sky;

import java.io.Serializable;

/** A square sky tile in the tangent plane at its centre, north up. */
public record Tile(long id, double ra, double dec, double widthArcmin, double heightArcmin) implements Serializable {

    /** Distance from the centre to a corner, in degrees. */
    public double halfDiagonalDeg() {
        return Math.hypot(widthArcmin, heightArcmin) / 120.0;
    }

    /** Whether a position falls inside the tile's square. */
    public boolean contains(double pra, double pdec) {
        double[] p = Gnomonic.at(ra, dec).project(pra, pdec);
        return p != null && Math.abs(p[0]) * 60.0 <= widthArcmin / 2.0 && Math.abs(p[1]) * 60.0 <= heightArcmin / 2.0;
    }
}
