package org.skysift.report.html;

import static org.skysift.report.html.DataTable.Column.num;
import static org.skysift.report.html.DataTable.Column.of;

import java.util.ArrayList;
import java.util.List;

/** The columns of the page's tiles and candidates tables: table column, label, how shown, tooltip. */
public final class TableColumns {
    private TableColumns() {}

    /** The tile id comes first (the page makes each row the anchor tile-&lt;id&gt;); "error" is computed. */
    public static final List<DataTable.Column> TILES = List.of(
            of("tile_id", "tile", "anchor", "hex30: ring × 1,000,000 + index"),
            of("status", "status", "status", null),
            num("ra_center", "RA °", 4, "tile centre"),
            num("dec_center", "Dec °", 4, "tile centre"),
            of("date_obs", "observed", "text", "DATE-OBS of the plate"),
            num("n_sources", "sources", 0, null),
            num("n_matched", "matched", 0, "sources with a reference counterpart"),
            num("n_candidates", "candidates", 0, null),
            num("fwhm_median_px", "FWHM px", 2, "median FWHM of clean sources with SNR > 20"),
            num("zero_point", "zero point", 2, "magnitude zero point used for mag_auto"),
            of("error", "error", "text", "stage · exception: message"));

    /** The tile id is the second column; the injected column only on synthetic runs, where it is known. */
    public static List<DataTable.Column> candidates(boolean withInjected) {
        List<DataTable.Column> c = new ArrayList<>(List.of(
                of("cutout", "cutout", "img", "stamp around the source (click for full size)"),
                of("tile_id", "tile", "tile", "the tile's row in the tiles table"),
                num("source_id", "source", 0, "source number in its tile"),
                num("ra", "RA °", 6, null),
                num("dec", "Dec °", 6, null),
                num("mag", "mag", 2, "mag_cal: calibrated with the tile's photometric curve"),
                num("snr", "S/N", 1, "windowed-aperture signal to noise"),
                num("fwhm_px", "FWHM px", 2, null),
                num("score", "score", 3, "1 − exp(−snr / 100): a ranking, not a probability"),
                num("nearest_ref_sep_arcsec", "nearest ref ″", 1, "distance to the nearest reference star within 120″")));
        if (withInjected) {
            c.add(of("injected", "injected", "bool", "on a star the synthetic sky withheld from the reference"));
        }
        c.add(of("reason", "reason", "text", null));
        return c;
    }
}
