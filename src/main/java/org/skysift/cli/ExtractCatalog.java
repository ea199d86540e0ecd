package org.skysift.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.skysift.extract.Source;
import org.skysift.extract.psf.PsfMeasurements;
import org.skysift.wcs.Wcs;

/**
 * The catalogue of one extraction as columns named like SExtractor's output parameters. Vector
 * parameters get a 1-based suffix per element (FLUX_APER_1, FLUX_APER_2, FLUX_RADIUS_1 ...).
 * ALPHA_J2000/DELTA_J2000 are the sky position of X_IMAGE/Y_IMAGE and ALPHAWIN/DELTAWIN_J2000 of
 * XWIN/YWIN (the position the survey matches); both are empty without a WCS. The pass-2 columns
 * (FLUX_PSF ... SPREADERR_MODEL, CHI2_PSF, FLAGS_PSF) are always present and empty when pass 2 did
 * not run, so that one schema serves both cases; so is CLASS_STAR, empty without the star/galaxy
 * weights or a pixel scale. NaN means "not measured" and is written empty (CSV) or null (Parquet).
 */
final class ExtractCatalog {
    /** One column; integer columns hold whole numbers (written without a decimal point / as INT32), NaN = missing. */
    record Column(String name, boolean integer, String format, double[] values) {}

    private final List<Column> columns = new ArrayList<>();
    private final int rows;

    private ExtractCatalog(int rows) {
        this.rows = rows;
    }

    List<Column> columns() {
        return columns;
    }

    int rows() {
        return rows;
    }

    List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** @param classStar CLASS_STAR per source in list order, or null when it could not be had */
    static ExtractCatalog of(ImageExtraction.Result r, Wcs wcs, double zeroPoint, int apertures, int fractions,
                             double[] classStar) {
        List<Source> s = r.sources();
        int n = s.size();
        ExtractCatalog c = new ExtractCatalog(n);
        double[][] sky = new double[n][];
        double[][] skyWin = new double[n][];
        for (int i = 0; i < n; i++) {
            sky[i] = wcs == null ? null : wcs.pixelToSky(s.get(i).xIso(), s.get(i).yIso());
            skyWin[i] = wcs == null ? null : wcs.pixelToSky(s.get(i).x(), s.get(i).y());
        }
        c.integer("NUMBER", i -> s.get(i).id());
        c.real("X_IMAGE", "%.4f", i -> s.get(i).xIso());
        c.real("Y_IMAGE", "%.4f", i -> s.get(i).yIso());
        c.real("XWIN_IMAGE", "%.4f", i -> s.get(i).x());
        c.real("YWIN_IMAGE", "%.4f", i -> s.get(i).y());
        c.real("ALPHA_J2000", "%.7f", i -> sky[i] == null ? Double.NaN : sky[i][0]);
        c.real("DELTA_J2000", "%.7f", i -> sky[i] == null ? Double.NaN : sky[i][1]);
        c.real("ALPHAWIN_J2000", "%.7f", i -> skyWin[i] == null ? Double.NaN : skyWin[i][0]);
        c.real("DELTAWIN_J2000", "%.7f", i -> skyWin[i] == null ? Double.NaN : skyWin[i][1]);
        c.real("X2_IMAGE", "%.6g", i -> s.get(i).x2());
        c.real("Y2_IMAGE", "%.6g", i -> s.get(i).y2());
        c.real("XY_IMAGE", "%.6g", i -> s.get(i).xy());
        c.real("A_IMAGE", "%.4f", i -> s.get(i).a());
        c.real("B_IMAGE", "%.4f", i -> s.get(i).b());
        c.real("THETA_IMAGE", "%.2f", i -> s.get(i).theta());
        c.real("ELONGATION", "%.4f", i -> s.get(i).elongation());
        c.real("ELLIPTICITY", "%.4f", i -> s.get(i).ellipticity());
        c.real("FWHM_IMAGE", "%.3f", i -> s.get(i).fwhm());
        c.photometry("ISO", i -> s.get(i).fluxIso(), i -> s.get(i).fluxerrIso(), zeroPoint);
        for (int k = 0; k < apertures; k++) {
            int a = k;
            c.photometry("APER_" + (k + 1), i -> s.get(i).fluxAper()[a], i -> s.get(i).fluxerrAper()[a], zeroPoint);
        }
        c.photometry("AUTO", i -> s.get(i).fluxAuto(), i -> s.get(i).fluxerrAuto(), zeroPoint);
        c.real("KRON_RADIUS", "%.3f", i -> s.get(i).kronRadius());
        c.real("FLUX_MAX", "%.6g", i -> s.get(i).fluxMax());
        for (int k = 0; k < fractions; k++) {
            int f = k;
            c.real("FLUX_RADIUS_" + (k + 1), "%.3f", i -> s.get(i).fluxRadius()[f]);
        }
        c.real("SNR_WIN", "%.2f", i -> s.get(i).snr());
        c.integer("ISOAREA_IMAGE", i -> s.get(i).isoarea());
        c.real("BACKGROUND", "%.3f", i -> s.get(i).background());
        c.integer("XMIN_IMAGE", i -> s.get(i).xmin());
        c.integer("XMAX_IMAGE", i -> s.get(i).xmax());
        c.integer("YMIN_IMAGE", i -> s.get(i).ymin());
        c.integer("YMAX_IMAGE", i -> s.get(i).ymax());
        c.integer("FLAGS", i -> s.get(i).flags());
        c.real("CLASS_STAR", "%.4f", i -> classStar == null ? Double.NaN : classStar[i]);
        PsfMeasurements m = r.photometry();
        boolean psf = m != null;
        c.photometry("PSF", i -> psf ? m.flux()[i] : Double.NaN, i -> psf ? m.fluxErr()[i] : Double.NaN, zeroPoint);
        c.real("XPSF_IMAGE", "%.4f", i -> psf ? m.x()[i] : Double.NaN);
        c.real("YPSF_IMAGE", "%.4f", i -> psf ? m.y()[i] : Double.NaN);
        c.real("SPREAD_MODEL", "%.6f", i -> psf ? m.spread()[i] : Double.NaN);
        c.real("SPREADERR_MODEL", "%.6f", i -> psf ? m.spreadErr()[i] : Double.NaN);
        c.real("CHI2_PSF", "%.6g", i -> psf ? m.chi2()[i] : Double.NaN);
        c.integer("FLAGS_PSF", i -> psf ? m.flags()[i] : Double.NaN);
        return c;
    }

    private void photometry(String kind, IntToDoubleFunction flux, IntToDoubleFunction err, double zp) {
        double[] f = fill(flux), e = fill(err);
        double[] mag = new double[rows], magErr = new double[rows];
        for (int i = 0; i < rows; i++) {
            mag[i] = Source.mag(f[i], zp);
            magErr[i] = Source.magErr(f[i], e[i]);
        }
        columns.add(new Column("FLUX_" + kind, false, "%.6g", f));
        columns.add(new Column("FLUXERR_" + kind, false, "%.6g", e));
        columns.add(new Column("MAG_" + kind, false, "%.4f", mag));
        columns.add(new Column("MAGERR_" + kind, false, "%.4f", magErr));
    }

    private void real(String name, String format, IntToDoubleFunction v) {
        columns.add(new Column(name, false, format, fill(v)));
    }

    private void integer(String name, IntToDoubleFunction v) {
        columns.add(new Column(name, true, null, fill(v)));
    }

    private double[] fill(IntToDoubleFunction v) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = v.applyAsDouble(i);
        }
        return out;
    }
}
