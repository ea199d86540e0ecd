package org.skysift.io;

import org.apache.hadoop.fs.LocalFileSystem;

/**
 * Hadoop's file: file system with permissions set and read through java.nio instead of a child process.
 * Without Hadoop's native library (never on Maven Central, so never here) the stock local file system
 * forks {@code chmod} for every file and folder it creates and {@code ls -ld} for every file a recursive
 * listing returns: ~9 ms per file created and ~5 ms per file listed in a 4 GB JVM, which on a survey's
 * few thousand output files was most of the table writes and all of the manifest's time
 * (docs/PERFORMANCE.md "Fixed cost"). Client-side .crc checksums are kept as they were.
 * The skysift command registers it for local masters (cli.SkySift.main), where one JVM does all the file work.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
    /** A Hadoop default resource (this jar's) that names this class as fs.file.impl. */
    static final String RESOURCE = "skysift-local-fs.xml";

    public NioLocalFileSystem() {
        super(new NioRawLocalFileSystem());
    }

    /**
     * Makes this the file: file system of every Hadoop Configuration of the JVM (a default resource applies to
     * those made before too). Call it before the first file: file system is cached, as the cache keeps its class.
     */
    public static void register() {
        org.apache.hadoop.conf.Configuration.addDefaultResource(RESOURCE);
    }
}
