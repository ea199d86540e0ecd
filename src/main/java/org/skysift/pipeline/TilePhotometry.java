package org.skysift.pipeline;

import java.util.List;
import org.skysift.calibrate.photometry.Calibrators;
import org.skysift.calibrate.photometry.PhotometricCalibration;
import org.skysift.calibrate.photometry.PhotometricFit;
import org.skysift.calibrate.photometry.PhotometryOptions;
import org.skysift.calibrate.photometry.SourcePhotometry;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.Source;
import org.skysift.match.Match;

/**
 * The MATCH stage's photometric calibration of a tile: fits the curve on the matched stars, records it in
 * the tile's phot_* columns, and calibrates every source (mag_cal, mag_cal_err, mag_cal_extrapolated). A
 * matched source uses its reference star's colour for the colour term; others take the calibrators' median.
 */
final class TilePhotometry {
    private TilePhotometry() {}

    /** One calibrated magnitude per source, in the sources' order. */
    static PhotometricFit.Calibrated[] calibrate(SkySiftConfig config, List<Source> sources, List<Match> matches,
                                                 TileOutcome out, int width, int height) {
        var p = config.match().photometry();
        int[] index = new int[matches.size()];
        double[] refMag = new double[matches.size()];
        double[] refColour = new double[matches.size()];
        double[] colourOf = new double[sources.size()];
        java.util.Arrays.fill(colourOf, Double.NaN);
        for (int k = 0; k < matches.size(); k++) {
            Match m = matches.get(k);
            index[k] = m.sourceIndex();
            refMag[k] = m.ref().mag();
            refColour[k] = m.ref().colour();
            colourOf[m.sourceIndex()] = m.ref().colour();
        }
        Calibrators cal = SourcePhotometry.calibrators(sources, index, refMag, refColour, p.minSnr());
        PhotometryOptions options = new PhotometryOptions(p.curve(), p.minStars(), p.maxSegments(), p.clip(),
                p.colourTerm(), p.grid(), PhotometryOptions.defaults().errorFloor());
        PhotometricFit fit = PhotometricCalibration.calibrate(cal, options, width, height,
                config.extract().magZeropoint());
        out.photStatus = fit.status();
        out.photStars = fit.stars();
        out.photRms = Double.isFinite(fit.rms()) ? fit.rms() : null;
        out.photKnots = fit.knotsJson();
        out.photColourTerm = Double.isFinite(fit.colourTerm()) ? fit.colourTerm() : null;
        PhotometricFit.Calibrated[] result = new PhotometricFit.Calibrated[sources.size()];
        for (int i = 0; i < result.length; i++) {
            Source s = sources.get(i);
            result[i] = fit.apply(SourcePhotometry.instrumental(s), SourcePhotometry.instrumentalErr(s), colourOf[i],
                    s.x(), s.y());
        }
        return result;
    }
}
