package org.skysift.wcs;

import java.io.Serializable;
import org.skysift.sky.Gnomonic;

/**
 * Gnomonic WCS with a CD matrix (degrees per pixel) and optional SIP distortion. Headers that give
 * PC + CDELT or CDELT + CROTA2 are turned into the equivalent CD matrix by {@link WcsReader}.
 */
public final class TanWcs implements Wcs, Serializable {
    private static final long serialVersionUID = 1L;
    private final double crpix1, crpix2;
    private final double cd11, cd12, cd21, cd22;
    private final double i11, i12, i21, i22;
    private final Gnomonic plane;
    private final SipDistortion sip;

    public TanWcs(double crpix1, double crpix2, double crval1, double crval2,
                  double cd11, double cd12, double cd21, double cd22) {
        this(crpix1, crpix2, crval1, crval2, cd11, cd12, cd21, cd22, null);
    }

    /** @param sip distortion applied to pixel offsets from CRPIX before the CD matrix, or null */
    public TanWcs(double crpix1, double crpix2, double crval1, double crval2,
                  double cd11, double cd12, double cd21, double cd22, SipDistortion sip) {
        double det = cd11 * cd22 - cd12 * cd21;
        if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
            throw new WcsException("CD matrix is singular (determinant " + det + ")");
        }
        if (!(crval2 >= -90 && crval2 <= 90)) {
            throw new WcsException("CRVAL2 = " + crval2 + " is not a declination");
        }
        this.crpix1 = crpix1;
        this.crpix2 = crpix2;
        this.cd11 = cd11;
        this.cd12 = cd12;
        this.cd21 = cd21;
        this.cd22 = cd22;
        this.i11 = cd22 / det;
        this.i12 = -cd12 / det;
        this.i21 = -cd21 / det;
        this.i22 = cd11 / det;
        this.plane = Gnomonic.at(crval1, crval2);
        this.sip = sip;
    }

    /** North up, east left (RA increases to the left), square pixels, reference pixel at the centre. */
    public static TanWcs northUp(double ra, double dec, int width, int height, double scaleArcsec) {
        double s = scaleArcsec / 3600.0;
        return new TanWcs((width + 1) / 2.0, (height + 1) / 2.0, ra, dec, -s, 0, 0, s);
    }

    @Override
    public double[] pixelToSky(double x, double y) {
        double dx = x - crpix1, dy = y - crpix2;
        if (sip != null) {
            double[] d = sip.forward(dx, dy);
            dx = d[0];
            dy = d[1];
        }
        return plane.deproject(cd11 * dx + cd12 * dy, cd21 * dx + cd22 * dy);
    }

    @Override
    public double[] skyToPixel(double ra, double dec) {
        double[] p = plane.project(ra, dec);
        if (p == null) {
            return null;
        }
        double u = i11 * p[0] + i12 * p[1], v = i21 * p[0] + i22 * p[1];
        if (sip != null) {
            double[] d = sip.inverse(u, v);
            if (d == null) {
                return null;
            }
            u = d[0];
            v = d[1];
        }
        return new double[] {crpix1 + u, crpix2 + v};
    }

    @Override
    public double pixelScaleArcsec() {
        return Math.sqrt(Math.abs(cd11 * cd22 - cd12 * cd21)) * 3600.0;
    }

    public double crval1() {
        return plane.ra0();
    }

    public double crval2() {
        return plane.dec0();
    }

    /** The SIP distortion, or null for a pure TAN. */
    public SipDistortion sip() {
        return sip;
    }
}
