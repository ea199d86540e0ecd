package org.skysift.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.skysift.config.ConfigException;
import org.skysift.io.HadoopFiles;

/**
 * A reference catalog from a VOTable file on a Hadoop path (e.g. a saved VizieR or Gaia archive
 * answer), read with {@link VotableReader}; columns found by name or UCD ({@link CatalogSpec#generic}).
 * Loaded once per JVM, like {@link FilesReferenceCatalog}. Rows that cannot be read are skipped
 * and listed in {@link #problems()}.
 */
public final class VotableReferenceCatalog implements ReferenceCatalog {
    private static final Map<String, VotableReferenceCatalog> LOADED = new ConcurrentHashMap<>();

    private final StarTable table;
    private final List<String> problems;

    private VotableReferenceCatalog(StarTable table, List<String> problems) {
        this.table = table;
        this.problems = problems;
    }

    /**
     * @param epoch epoch of the positions when the table has no epoch column (NaN = unknown: no
     *              proper motion is applied)
     */
    public static VotableReferenceCatalog open(String uri, Configuration conf, double epoch) {
        return LOADED.computeIfAbsent(uri + "|" + epoch, k -> {
            try (InputStream in = HadoopFiles.open(uri, conf)) {
                RawTable raw = VotableReader.read(in, "reference.path " + uri);
                StarRows.Converted c = StarRows.convert(raw, CatalogSpec.generic("votable", epoch));
                return new VotableReferenceCatalog(new StarTable(c.stars()), List.copyOf(c.problems()));
            } catch (IOException e) {
                throw new ConfigException("reference.path " + uri + ": cannot be read as a VOTable: " + e.getMessage(), e);
            }
        });
    }

    public int size() {
        return table.size();
    }

    /** Rows skipped while loading, each naming its line. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public String name() {
        return "votable";
    }

    @Override
    public List<RefStar> cone(double ra, double dec, double radiusDeg) {
        return table.cone(ra, dec, radiusDeg);
    }
}
