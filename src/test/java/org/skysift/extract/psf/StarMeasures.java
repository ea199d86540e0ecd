package org.skysift.extract.psf;

/**
 * Quick measurements at given positions, enough to choose PSF stars when no pass-1 catalogue is at
 * hand (tests feed true positions; the pipeline normally passes the extractor's own columns):
 * flux in a circular aperture, its SNR, a Gaussian-equivalent FWHM from flux and peak, the
 * elongation from positive second moments, and flags 4 (a raw pixel at or above saturation within
 * 2 px of the centre) and 8 (aperture cut by the border).
 */
public final class StarMeasures {
    private StarMeasures() {}

    /**
     * @param raw        the image before background subtraction, for the saturation flag; may be null
     * @param saturation raw level of saturation; NaN = never
     * @param aperture   aperture radius in pixels
     */
    public static PsfCandidates measure(float[] sub, float[] rms, float[] raw, int w, int h, double[] x, double[] y,
                                        double saturation, double aperture) {
        int n = x.length;
        double[] flux = new double[n], snr = new double[n], fwhm = new double[n], el = new double[n];
        int[] flags = new int[n];
        int r = (int) Math.ceil(aperture);
        for (int s = 0; s < n; s++) {
            double xc = x[s] - 1, yc = y[s] - 1;
            int xi = (int) Math.round(xc), yi = (int) Math.round(yc);
            double sum = 0, var = 0, peak = 0, sxx = 0, syy = 0, sxy = 0, sp = 0;
            int f = 0;
            for (int yy = yi - r; yy <= yi + r; yy++) {
                for (int xx = xi - r; xx <= xi + r; xx++) {
                    double dx = xx - xc, dy = yy - yc;
                    double d2 = dx * dx + dy * dy;
                    if (d2 > aperture * aperture) {
                        continue;
                    }
                    if (xx < 0 || yy < 0 || xx >= w || yy >= h) {
                        f |= 8;
                        continue;
                    }
                    int pix = yy * w + xx;
                    double v = sub[pix];
                    sum += v;
                    var += (double) rms[pix] * rms[pix];
                    if (d2 <= 2.25) {
                        peak = Math.max(peak, v);
                    }
                    if (v > 0) {
                        sxx += v * dx * dx;
                        syy += v * dy * dy;
                        sxy += v * dx * dy;
                        sp += v;
                    }
                    if (raw != null && d2 <= 4 && raw[pix] >= saturation) {
                        f |= 4;
                    }
                }
            }
            flux[s] = sum;
            snr[s] = var > 0 ? sum / Math.sqrt(var) : 0;
            fwhm[s] = sum > 0 && peak > 0 ? Math.sqrt(4 * Math.log(2) * sum / (Math.PI * peak)) : Double.NaN;
            if (sp > 0) {
                double x2 = sxx / sp, y2 = syy / sp, xy = sxy / sp;
                double t = 0.5 * (x2 + y2), dd = Math.sqrt(0.25 * (x2 - y2) * (x2 - y2) + xy * xy);
                el[s] = t - dd > 0 ? Math.sqrt((t + dd) / (t - dd)) : Double.POSITIVE_INFINITY;
            } else {
                el[s] = Double.POSITIVE_INFINITY;
            }
            flags[s] = f;
        }
        return new PsfCandidates(x.clone(), y.clone(), flux, snr, fwhm, el, flags);
    }
}
