package org.skysift.calibrate.astrometry;

import java.util.ArrayList;
import java.util.List;
import org.skysift.catalog.RefStar;
import org.skysift.extract.Source;
import org.skysift.match.Match;
import org.skysift.match.Matcher;
import org.skysift.wcs.Wcs;

/**
 * The per-tile refit, SCAMP-like: after the first cross-match, the offsets between clean matched
 * stars and their reference positions (at the plate epoch) are fitted in the tangent plane as a
 * polynomial of the pixel position, with outlier rejection and an optional grid of median residuals;
 * every source's ra/dec is corrected and the sources are matched again.
 */
public final class TileRefit {
    /** Added in quadrature to each star's centroid noise so the brightest stars do not dominate alone. */
    static final double POSITION_ERROR_FLOOR_ARCSEC = 0.02;

    private TileRefit() {}

    /**
     * @param sources sources with ra/dec from the header WCS
     * @param matches the first match of those sources to refs
     * @return corrected sources and their new matches, or the inputs unchanged when the header is kept
     */
    public static Result run(RefitParams params, List<Source> sources, List<RefStar> refs, List<Match> matches,
                             Matcher matcher, double radiusArcsec, Wcs wcs, int width, int height) {
        if (!params.refit()) {
            return new Result(sources, matches, new RefitSummary(null, null, null, null, null, "off"), null);
        }
        List<Match> clean = new ArrayList<>();
        for (Match m : matches) {
            Source s = sources.get(m.sourceIndex());
            if (s.flags() == 0 && s.snr() > params.minSnr()) {
                clean.add(m);
            }
        }
        int n = clean.size();
        if (n < params.minStars()) {
            return new Result(sources, matches, RefitSummary.header(n, n + " stars < " + params.minStars()), null);
        }
        double[] centre = wcs.pixelToSky((width + 1) / 2.0, (height + 1) / 2.0);
        DistortionModel frame = DistortionModel.frame(width, height, centre[0], centre[1]);
        double[] u = new double[n], v = new double[n], oxi = new double[n], oeta = new double[n], err = new double[n];
        double scale = wcs.pixelScaleArcsec();
        for (int k = 0; k < n; k++) {
            Match m = clean.get(k);
            Source s = sources.get(m.sourceIndex());
            double[] ps = frame.plane().project(s.ra(), s.dec());
            double[] pr = frame.plane().project(m.ref().ra(), m.ref().dec());
            u[k] = frame.u(s.x());
            v[k] = frame.v(s.y());
            oxi[k] = (pr[0] - ps[0]) * 3600;
            oeta[k] = (pr[1] - ps[1]) * 3600;
            err[k] = positionError(s, scale);
        }
        int degree = params.degreeFor(n);
        DistortionFit fit = DistortionFit.fit(degree, u, v, oxi, oeta, err, params.clipSigma());
        if (fit == null) {
            return new Result(sources, matches, RefitSummary.header(n, "degree " + degree + " fit singular on " + n
                    + " stars"), null);
        }
        int used = n - fit.rejected();
        ResidualGrid grid = null;
        if (params.grid() > 0 && used >= RefitParams.STARS_PER_CELL * params.grid() * params.grid()) {
            grid = ResidualGrid.of(params.grid(), u, v, fit.residualXi(), fit.residualEta(), fit.used());
        }
        DistortionModel model = frame.with(fit.dxi(), fit.deta(), grid);
        double before = 0, after = 0;
        for (int k = 0; k < n; k++) {
            if (fit.used()[k]) {
                before += oxi[k] * oxi[k] + oeta[k] * oeta[k];
                double rx = fit.residualXi()[k], ry = fit.residualEta()[k];
                if (grid != null) {
                    double[] g = grid.at(u[k], v[k]);
                    rx -= g[0];
                    ry -= g[1];
                }
                after += rx * rx + ry * ry;
            }
        }
        List<Source> corrected = new ArrayList<>(sources.size());
        double[] ra = new double[sources.size()], dec = new double[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            double[] c = model.correct(s.x(), s.y(), s.ra(), s.dec());
            corrected.add(s.withSky(c[0], c[1]));
            ra[i] = c[0];
            dec[i] = c[1];
        }
        List<Match> rematched = matcher.match(ra, dec, refs, radiusArcsec);
        RefitSummary summary = new RefitSummary(used, fit.rejected(), Math.sqrt(before / used), Math.sqrt(after / used),
                degree, grid == null ? "refit" : "refit+grid");
        return new Result(corrected, rematched, summary, model);
    }

    /**
     * Expected centroid error per axis, arcsec: the Gaussian-equivalent sigma of the image over the
     * SNR (the photon-noise limit of a centroid), with a floor for what the noise does not cover
     * (reference errors, PSF asymmetry).
     */
    static double positionError(Source s, double scaleArcsec) {
        double fwhm = Double.isFinite(s.fwhm()) && s.fwhm() > 0 ? s.fwhm() : 2.5;
        double noise = fwhm / 2.3548 * scaleArcsec / Math.max(s.snr(), 1);
        return Math.hypot(noise, POSITION_ERROR_FLOOR_ARCSEC);
    }

    /** @param model the applied correction, null when the header astrometry was kept */
    public record Result(List<Source> sources, List<Match> matches, RefitSummary summary, DistortionModel model) {}
}
