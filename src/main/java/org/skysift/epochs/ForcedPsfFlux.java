package org.skysift.epochs;

/**
 * Linear PSF-fit flux at a fixed position: f = sum(P I) / sum(P^2) over a disc, with equal weights
 * (weights from the pixels' own values would bias bright stars low), error sqrt(sum(P^2 V)) / sum(P^2).
 * Masked pixels are left out; when they carry more than a given share of the PSF's weight the flux is NaN.
 */
final class ForcedPsfFlux {
    private ForcedPsfFlux() {}

    /**
     * @param x0 0-based position
     * @return {flux, error}, NaN when off the image or too masked
     */
    static double[] measure(float[] img, float[] var, boolean[] masked, int w, int h, PixelPsf p, double radius,
                            double x0, double y0, double maxMaskedWeight) {
        int xa = (int) Math.floor(x0 - radius), xb = (int) Math.ceil(x0 + radius);
        int ya = (int) Math.floor(y0 - radius), yb = (int) Math.ceil(y0 + radius);
        double spi = 0, spp = 0, sppv = 0, lost = 0;
        for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
                double dx = x - x0, dy = y - y0;
                if (dx * dx + dy * dy > radius * radius) {
                    continue;
                }
                double pv = p.at(dx, dy);
                if (x < 0 || y < 0 || x >= w || y >= h || masked[y * w + x]) {
                    lost += pv * pv;
                    continue;
                }
                int i = y * w + x;
                spi += pv * img[i];
                spp += pv * pv;
                sppv += pv * pv * var[i];
            }
        }
        if (!(spp > 0) || lost > maxMaskedWeight * (spp + lost)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {spi / spp, Math.sqrt(sppv) / spp};
    }
}
