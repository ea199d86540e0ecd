package org.skysift.wcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Angles;

class DssPlateWcsTest {
    @Test
    void probe() throws Exception {
        FitsHeader h = RealHeaders.header(RealHeaders.M101);
        Wcs plate = WcsReader.fromHeader(h);
        Wcs cd = WcsReader.fromHeader(RealHeaders.without(h, k -> k.startsWith("PLT") || k.startsWith("AMD")));
        Wcs pc = WcsReader.fromHeader(RealHeaders.without(h, k -> k.startsWith("PLT") || k.startsWith("AMD") || k.matches("CD[12]_[12]")));
        Wcs cr = WcsReader.fromHeader(RealHeaders.without(h, k -> k.startsWith("PLT") || k.startsWith("AMD") || k.matches("CD[12]_[12]") || k.startsWith("PC")));
        FitsHeader full = RealHeaders.plate(RealHeaders.PLATE_XE133);
        Wcs fp = WcsReader.fromHeader(full);
        double mcd = 0, mpc = 0, mcr = 0, mfp = 0, pcd = 0;
        for (int x = 1; x <= 530; x += 1) {
            for (int y = 1; y <= 530; y += 1) {
                double[] a = plate.pixelToSky(x, y);
                double[] b = cd.pixelToSky(x, y);
                double[] c = pc.pixelToSky(x, y);
                double[] d = cr.pixelToSky(x, y);
                double[] e = fp.pixelToSky(x + 5901, y + 9047);
                mcd = Math.max(mcd, Angles.separationArcsec(a[0], a[1], b[0], b[1]));
                mpc = Math.max(mpc, Angles.separationArcsec(a[0], a[1], c[0], c[1]));
                mcr = Math.max(mcr, Angles.separationArcsec(a[0], a[1], d[0], d[1]));
                mfp = Math.max(mfp, Angles.separationArcsec(a[0], a[1], e[0], e[1]));
                pcd = Math.max(pcd, Angles.separationArcsec(c[0], c[1], b[0], b[1]));
            }
        }
        System.out.printf("plate-cd %.4f plate-pc %.4f plate-crota %.4f cutout-vs-fullplate %.4f pc-cd %.4f%n", mcd, mpc, mcr, mfp, pcd);
        for (double[] p : new double[][] {{1, 1}, {530, 1}, {1, 530}, {530, 530}, {265, 265}}) {
            double[] a = plate.pixelToSky(p[0], p[1]);
            double[] b = cd.pixelToSky(p[0], p[1]);
            System.out.printf("(%s,%s) %.4f%n", p[0], p[1], Angles.separationArcsec(a[0], a[1], b[0], b[1]));
        }
    }
}
