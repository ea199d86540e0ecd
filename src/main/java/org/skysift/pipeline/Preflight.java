package org.skysift.pipeline;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.skysift.catalog.FilesReferenceCatalog;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;

/**
 * Checks on the driver, before any tile: inputs named in the config exist, and every folder the run writes
 * can be created and written, so a typo or a read-only disk is exit 2 and not N failed tiles or a run that
 * dies at its first table.
 */
final class Preflight {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Preflight.class);

    private Preflight() {}

    private static final java.util.Set<String> HTTP_SOURCES = java.util.Set.of("dss", "eso-dss", "hips2fits");

    static void check(SkySiftConfig c, Configuration conf) {
        writableLocations(c).forEach((uri, key) -> writable(key, uri, conf));
        exists("targets.path", c.targets().kind().equals("csv") ? c.targets().path() : null, conf);
        exists("image.path", c.image().source().equals("files") ? c.image().path() : null, conf);
        exists("image.list", c.image().source().equals("files") ? c.image().list() : null, conf);
        for (int k = 0; k < c.epochs().list().size(); k++) {
            // an epoch's folder or list that is not there would fail that epoch on every tile
            SkySiftConfig.Image e = Stages.epochImage(c, k);
            if (e.source().equals("files")) {
                exists("epochs.list[" + k + "].image." + (e.list() == null || e.list().isBlank() ? "path" : "list"),
                        e.list() == null || e.list().isBlank() ? e.path() : e.list(), conf);
            }
        }
        exists("calibrate.bias", c.calibrate().bias(), conf);
        exists("calibrate.dark", c.calibrate().dark(), conf);
        exists("calibrate.flat", c.calibrate().flat(), conf);
        CalibrationFrameCache.get(c.calibrate(), conf);
        // a bad detection kernel would otherwise fail every tile at the extract stage
        Stages.extractParams(c, new org.skysift.fits.FitsHeader(java.util.Map.of()), Double.POSITIVE_INFINITY);
        if (Stages.starClassifier(c) == null && c.extract().starnnwName().equals("auto")) {
            LOG.warn("class_star will be null: no star/galaxy weights at {} (apt-get install source-extractor,"
                    + " or set extract.starnnw_name to a default.nnw)", org.skysift.extract.StarClassifier.DEBIAN_NNW);
        }
        if (c.reference().kind().equals("files")) {
            exists("reference.path", c.reference().path(), conf);
            if (!ReferenceJoin.wanted(c, conf)
                    && org.skysift.catalog.PartitionedParquetCatalog.openIfPartitioned(c.reference().path(), conf) == null) {
                FilesReferenceCatalog.open(c.reference().path(), conf);
            }
        }
    }

    /** The folders a run of this config writes, each with the config key that names it (the first, if several). */
    static java.util.Map<String, String> writableLocations(SkySiftConfig c) {
        java.util.Map<String, String> where = new java.util.LinkedHashMap<>();
        where.put(c.output(), "output");
        if (!c.epochs().configured() && HTTP_SOURCES.contains(c.image().source())) {
            where.putIfAbsent(c.image().cache(), "image.cache");
        }
        for (int k = 0; k < c.epochs().list().size(); k++) {
            SkySiftConfig.Image img = Stages.epochImage(c, k);
            if (HTTP_SOURCES.contains(img.source())) {
                boolean own = c.epochs().list().get(k).image().containsKey("cache");
                where.putIfAbsent(img.cache(), own ? "epochs.list[" + k + "].image.cache" : "image.cache");
            }
        }
        if (c.reference().kind().equals("vizier") && c.reference().cache() != null) {
            where.putIfAbsent(c.reference().cache(), "reference.cache");
        }
        where.remove(null);
        return where;
    }

    /** Creates the folder if needed, then writes and deletes a probe file in it through the Hadoop API. */
    static void writable(String key, String uri, Configuration conf) {
        String problem;
        try {
            problem = WriteProbe.problem(new org.apache.hadoop.fs.Path(HadoopFiles.qualify(uri)), conf);
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        if (problem != null) {
            throw new ConfigException(key + " " + uri + ": cannot write there: " + problem
                    + " (nothing was processed; choose a writable location)");
        }
    }

    private static void exists(String key, String uri, Configuration conf) {
        if (uri == null || uri.isBlank()) {
            return;
        }
        try {
            if (!HadoopFiles.exists(uri, conf)) {
                throw new ConfigException(key + " " + uri + ": no such file or folder");
            }
        } catch (IOException e) {
            throw new ConfigException(key + " " + uri + ": cannot be checked: " + e.getMessage(), e);
        }
    }
}
