package org.skysift.epochs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.extract.Source;

/**
 * The stars of a frame that anchor its registration: pass 1 of the extractor on the frame's own
 * background, keeping clean, well-measured point-like detections (no saturated, truncated or
 * edge-clipped ones: their centroids are biased), brightest first.
 *
 * @param x FITS 1-based XWIN of each star
 * @param y FITS 1-based YWIN
 */
record FrameStars(double[] x, double[] y) {
    static final double MIN_SNR = 10;
    static final int MAX_STARS = 600;
    private static final int BAD = Source.FLAG_SATURATED | Source.FLAG_TRUNCATED | Source.FLAG_APER_INCOMPLETE
            | Source.FLAG_ISO_INCOMPLETE;

    static FrameStars of(float[] image, int w, int h, BackgroundMap bg, ExtractParams params) {
        return of(new Extractor().extract(image, w, h, bg, params));
    }

    /** From a pass-1 source list already extracted on the frame. */
    static FrameStars of(List<Source> all) {
        List<Source> good = new ArrayList<>();
        for (Source s : all) {
            if ((s.flags() & BAD) == 0 && s.snr() >= MIN_SNR && Double.isFinite(s.x()) && Double.isFinite(s.y())) {
                good.add(s);
            }
        }
        good.sort(Comparator.comparingDouble(Source::fluxAuto).reversed());
        int n = Math.min(MAX_STARS, good.size());
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = good.get(i).x();
            y[i] = good.get(i).y();
        }
        return new FrameStars(x, y);
    }

    int size() {
        return x.length;
    }
}
