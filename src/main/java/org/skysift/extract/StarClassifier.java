package org.skysift.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.skysift.extract.psf.PsfModel;

/**
 * CLASS_STAR, SExtractor's neural-network stellarity index (Bertin and Arnouts 1996, section 6.3): 0 for
 * a galaxy, 1 for a point source. The network takes ten inputs, all base-10 logarithms: the isophotal
 * areas ISO0..ISO7 in units of the seeing disc (FWHM^2 in pixels; an empty area counts as 0.01), the
 * peak over the analysis threshold (ISO0's place is first, the peak second, then ISO1..ISO7), and the
 * seeing FWHM in arcseconds. A star's areas shrink towards its core as the seeing profile does; a
 * galaxy's stay wider. The weights are SExtractor's trained {@code default.nnw} (Moffat PSFs, seeing
 * 0.025-5.5", images with 1.5 < FWHM < 5 px), read from a file at run time: see docs/EXTRACTION.md.
 */
public final class StarClassifier {
    /** Where Debian's source-extractor package installs the weights. */
    public static final String DEBIAN_NNW = "/usr/share/source-extractor/default.nnw";

    private final NnwNet net;

    public StarClassifier(NnwNet net) {
        if (net.inputs() != 10 || net.outputs() != 1) {
            throw new IllegalArgumentException("a star/galaxy network has 10 inputs and 1 output, this one "
                    + net.inputs() + " and " + net.outputs());
        }
        this.net = net;
    }

    public static StarClassifier read(Path nnw) throws IOException {
        return new StarClassifier(NnwNet.read(nnw));
    }

    /**
     * The network's inputs for one source.
     *
     * @param iso       ISO0..ISO7 in pixels
     * @param peak      FLUX_MAX above the background
     * @param threshold the analysis threshold above the background
     * @param seeingPx  seeing FWHM in pixels
     * @param pixelScale arcseconds per pixel
     */
    static double[] inputs(int[] iso, double peak, double threshold, double seeingPx, double pixelScale) {
        double disc = seeingPx * seeingPx;
        double[] in = new double[10];
        in[0] = areaTerm(iso[0], disc);
        in[1] = threshold > 0 ? Math.log10(peak > 0 ? peak / threshold : 0.1) : -1.0;
        for (int k = 1; k < Measurer.NISO; k++) {
            in[k + 1] = areaTerm(iso[k], disc);
        }
        in[9] = Math.log10(seeingPx * pixelScale);
        return in;
    }

    private static double areaTerm(int area, double disc) {
        return Math.log10(area > 0 ? area / disc : 0.01);
    }

    /** CLASS_STAR of one source with the given seeing; NaN when the seeing or the scale is not positive. */
    public double classify(Source s, double seeingPx, double pixelScale) {
        if (!(seeingPx > 0 && pixelScale > 0) || s.isoAreas() == null) {
            return Double.NaN;
        }
        return net.respond(inputs(s.isoAreas(), s.fluxMax(), s.threshold(), seeingPx, pixelScale))[0];
    }

    /** CLASS_STAR of every source, in list order. */
    public double[] classify(List<Source> sources, double seeingPx, double pixelScale) {
        double[] out = new double[sources.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = classify(sources.get(i), seeingPx, pixelScale);
        }
        return out;
    }

    /**
     * The seeing FWHM in pixels for a tile: its PSF model's FWHM when pass 2 built one from stars (as
     * SExtractor does with SEEING_FWHM 0 and a PSF), else {@code configArcsec} when positive, else the
     * median FWHM_IMAGE of the tile's clean sources ({@code medianFwhmPx}, NaN when there is none).
     * A PSF that fell back to a default Moffat (no usable star) does not count as measured.
     */
    public static double seeingPx(PsfModel psf, double configArcsec, double pixelScale, double medianFwhmPx) {
        if (psf != null && psf.origin() != PsfModel.Origin.MOFFAT_DEFAULT && psf.fwhm() > 0) {
            return psf.fwhm();
        }
        if (configArcsec > 0 && pixelScale > 0) {
            return configArcsec / pixelScale;
        }
        return medianFwhmPx > 0 ? medianFwhmPx : Double.NaN;
    }
}
