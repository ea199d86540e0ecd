package org.skysift.wcs;

import java.util.Map;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Angles;

/**
 * Prints the plate-solution figures quoted in docs/ASTROMETRY.md from the real headers in ../shared/data
 * (not a test: the tests assert bounds on the same figures). Run it as docs/ASTROMETRY.md shows.
 */
public class PlateFigures {
    static double vsExpected(Wcs w, double[][] ex) {
        double worst = 0;
        for (double[] e : ex) {
            double[] s = w.pixelToSky(e[0], e[1]);
            worst = Math.max(worst, Angles.separationArcsec(s[0], s[1], e[2], e[3]));
        }
        return worst;
    }

    static double[] roundTrip(DssPlateWcs w, double x0, double y0, double x1, double y1, int n) {
        double worst = 0, far = 0;
        for (int j = 0; j <= n; j++) {
            for (int i = 0; i <= n; i++) {
                double x = x0 + i * (x1 - x0) / n, y = y0 + j * (y1 - y0) / n;
                double[] s = w.pixelToSky(x, y);
                far = Math.max(far, Angles.separationDeg(s[0], s[1], w.plateRa(), w.plateDec()));
                double[] p = w.skyToPixel(s[0], s[1]);
                worst = Math.max(worst, Math.hypot(p[0] - x, p[1] - y));
            }
        }
        return new double[] {worst, far};
    }

    public static void main(String[] a) throws Exception {
        FitsHeader xo = RealHeaders.plate(RealHeaders.BLUE_XO121);
        double[][] ex = RealHeaders.expected(RealHeaders.BLUE_XO121);
        DssPlateWcs w = DssPlateWcs.fromHeader(xo);
        System.out.printf("XO121 plate vs expected (9 px): %.5f arcsec; scale %.4f\"/px%n", vsExpected(w, ex), w.pixelScaleArcsec());
        WcsReading fallback = WcsReader.read(RealHeaders.with(xo, Map.of("PPO5", "0")));
        System.out.printf("XO121 with PPO5 = 0: %s, warning: %s%n", fallback.model().columnValue(), fallback.warning());
        System.out.printf("XO121 TAN (CD) vs expected: %.4f arcsec%n", vsExpected(fallback.wcs(), ex));
        System.out.printf("XO121 PPO1 mirrored vs expected: %.1f arcsec%n",
                vsExpected(DssPlateWcs.fromHeader(RealHeaders.with(xo, Map.of("PPO1", "3069417"))), ex));
        double cn1 = xo.getDouble("CNPIX1"), cn2 = xo.getDouble("CNPIX2");
        double[] rt = roundTrip(w, 1 - cn1, 1 - cn2, 23040 - cn1, 23040 - cn2, 40);
        System.out.printf("XO121 whole 23040^2 plate round trip: %.2e px, out to %.2f deg%n", rt[0], rt[1]);
        rt = roundTrip(w, 0.5, 0.5, 1188.5, 1190.5, 200);
        System.out.printf("XO121 cutout round trip: %.2e px%n", rt[0]);
        for (String f : new String[] {RealHeaders.PLATE_XE133, RealHeaders.PLATE_XE687}) {
            DssPlateWcs p = DssPlateWcs.fromHeader(RealHeaders.plate(f));
            rt = roundTrip(p, 1, 1, 14000, 13999, 40);
            System.out.printf("%s round trip: %.2e px, out to %.2f deg%n", f, rt[0], rt[1]);
        }
        double[][] m101 = {{265.5, 265.5, 210.80214, 54.34763}, {1, 1, 211.01398, 54.22145}, {530, 530, 210.58901, 54.47345}};
        double[][] ukst = {{50.5, 50.5, 217.483664, -62.685163}, {1, 1, 217.533223, -62.709140}, {100, 100, 217.434184, -62.661170}};
        FitsHeader hm = RealHeaders.header(RealHeaders.M101), hu = RealHeaders.header(RealHeaders.UKST);
        System.out.printf("M101 plate vs README: %.4f arcsec; UKST: %.4f arcsec%n",
                vsExpected(WcsReader.fromHeader(hm), m101), vsExpected(WcsReader.fromHeader(hu), ukst));
        for (FitsHeader h : new FitsHeader[] {hm, hu}) {
            DssPlateWcs p = DssPlateWcs.fromHeader(h);
            int n1 = h.getDouble("NAXIS1").intValue(), n2 = h.getDouble("NAXIS2").intValue();
            System.out.printf("cutout %dx%d round trip: %.2e px%n", n1, n2, roundTrip(p, 0.5, 0.5, n1 + 0.5, n2 + 0.5, 100)[0]);
        }
    }
}
