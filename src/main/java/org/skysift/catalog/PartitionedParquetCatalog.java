package org.skysift.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.config.ConfigException;
import org.skysift.sky.Healpix;

/**
 * A Parquet catalog written partitioned by a coarse nested HEALPix index (folders {@code hp<order>=<pixel>}
 * or {@code healpix<order>=<pixel>}, as Spark's {@code partitionBy} writes them). A cone reads only the
 * partitions its disc touches; each partition is loaded once per JVM.
 */
public final class PartitionedParquetCatalog implements ReferenceCatalog {
    private static final Pattern PARTITION = Pattern.compile("(?:hp|healpix)(\\d+)=(\\d+)");
    private static final Map<String, StarTable> LOADED = new ConcurrentHashMap<>();

    private final String uri;
    private final Configuration conf;
    private final int order;
    private final Map<Long, Path> partitions;
    private final AtomicInteger partitionsRead = new AtomicInteger();

    private PartitionedParquetCatalog(String uri, Configuration conf, int order, Map<Long, Path> partitions) {
        this.uri = uri;
        this.conf = conf;
        this.order = order;
        this.partitions = partitions;
    }

    /** The catalog when the folder is HEALPix-partitioned, else null. */
    public static PartitionedParquetCatalog openIfPartitioned(String uri, Configuration conf) {
        try {
            Path root = new Path(uri);
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
                return null;
            }
            Map<Long, Path> parts = new ConcurrentHashMap<>();
            Set<Integer> orders = new java.util.HashSet<>();
            for (FileStatus st : fs.listStatus(root)) {
                Matcher m = PARTITION.matcher(st.getPath().getName());
                if (st.isDirectory() && m.matches()) {
                    orders.add(Integer.parseInt(m.group(1)));
                    parts.put(Long.parseLong(m.group(2)), st.getPath());
                }
            }
            if (parts.isEmpty()) {
                return null;
            }
            if (orders.size() != 1) {
                throw new ConfigException("reference.path " + uri + ": HEALPix partitions of several orders " + orders);
            }
            return new PartitionedParquetCatalog(uri, conf, orders.iterator().next(), parts);
        } catch (IOException e) {
            throw new ConfigException("reference.path " + uri + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    public int order() {
        return order;
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** Partitions this instance has asked for (loaded now or earlier in the JVM). */
    public int partitionsRead() {
        return partitionsRead.get();
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public List<RefStar> cone(double ra, double dec, double radiusDeg) throws IOException {
        List<RefStar> out = new ArrayList<>();
        for (long pix : Healpix.queryDiscInclusive(order, ra, dec, radiusDeg)) {
            Path p = partitions.get(pix);
            if (p == null) {
                continue;
            }
            partitionsRead.incrementAndGet();
            out.addAll(partition(p).cone(ra, dec, radiusDeg));
        }
        return out;
    }

    private StarTable partition(Path p) throws IOException {
        StarTable t = LOADED.get(p.toString());
        if (t == null) {
            List<RefStar> rows = new ArrayList<>();
            FileSystem fs = p.getFileSystem(conf);
            for (FileStatus st : fs.listStatus(p)) {
                if (st.getPath().getName().endsWith(".parquet")) {
                    rows.addAll(FilesReferenceCatalog.readParquet(st.getPath(), conf));
                }
            }
            t = new StarTable(rows);
            LOADED.put(p.toString(), t);
        }
        return t;
    }

    @Override
    public String toString() {
        return "PartitionedParquetCatalog[" + uri + ", order " + order + ", " + partitions.size() + " partitions]";
    }
}
