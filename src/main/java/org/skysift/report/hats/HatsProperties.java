package org.skysift.report.hats;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.skysift.report.Versions;

/**
 * hats.properties, a Java-style properties file. hats v0.10.4 (TableProperties) requires
 * obs_collection, dataproduct_type and hats_nrows, and hats_col_ra/hats_col_dec for object and
 * source catalogs; the rest are the optional keys hats-import writes, which LSDB uses when present
 * (hats_col_healpix for the spatial index, hats_npix_suffix for the leaf names).
 */
final class HatsProperties {
    /** The HATS format this writer follows, as hats v0.10.4 stamps it. */
    static final String HATS_VERSION = "v1.0", HATS_RELEASE_DATE = "2025-08-22";
    static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'UTC'", Locale.ROOT);

    private HatsProperties() {}

    static Map<String, String> values(HatsCatalogWriter.Spec spec, long rows, List<HatsPixel> leaves, long maxRows,
                                      long sizeKb, ZonedDateTime now) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("obs_collection", spec.name());
        m.put("dataproduct_type", spec.type());
        m.put("hats_nrows", Long.toString(rows));
        m.put("hats_col_ra", spec.raColumn());
        m.put("hats_col_dec", spec.decColumn());
        m.put("hats_col_healpix", HatsCatalogWriter.INDEX_COLUMN);
        m.put("hats_col_healpix_order", Integer.toString(HatsPixel.INDEX_ORDER));
        m.put("hats_npix_suffix", ".parquet");
        m.put("hats_max_rows", Long.toString(maxRows));
        // like LSDB's writer, no hats_order for a catalog without partitions
        leaves.stream().mapToInt(HatsPixel::order).max().ifPresent(o -> m.put("hats_order", Integer.toString(o)));
        double sky = leaves.stream().mapToDouble(HatsPixel::skyFraction).sum();
        m.put("moc_sky_fraction", String.format(Locale.ROOT, "%.5f", sky));
        m.put("hats_builder", "skysift " + Versions.skysift());
        m.put("hats_creation_date", now.withZoneSameInstant(ZoneOffset.UTC).format(CREATED));
        m.put("hats_estsize", Long.toString(sizeKb));
        m.put("hats_release_date", HATS_RELEASE_DATE);
        m.put("hats_version", HATS_VERSION);
        m.put("skysift_run_id", spec.runId());
        return m;
    }

    static String render(HatsCatalogWriter.Spec spec, long rows, List<HatsPixel> leaves, long maxRows, long sizeKb) {
        StringBuilder sb = new StringBuilder("#HATS catalog\n");
        values(spec, rows, leaves, maxRows, sizeKb, ZonedDateTime.now(ZoneOffset.UTC))
                .forEach((k, v) -> sb.append(k).append('=').append(escape(v)).append('\n'));
        return sb.toString();
    }

    /** Properties-file escapes for a value: backslash, line breaks, and a leading blank. */
    static String escape(String v) {
        String s = v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        return s.startsWith(" ") ? "\\" + s : s;
    }
}
