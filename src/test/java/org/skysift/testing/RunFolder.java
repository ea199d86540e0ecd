package org.skysift.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A run folder as java.nio sees it, for checking the manifest against something it did not write. */
public final class RunFolder {
    private RunFolder() {}

    /**
     * Every regular file under {@code dir} as a '/'-separated relative path, sorted, without manifest.json
     * and without Hadoop's bookkeeping (a path part starting with '.' or '_': .crc files, _SUCCESS, _temporary).
     */
    public static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize)
                    .filter(rel -> {
                        for (Path part : rel) {
                            String n = part.toString();
                            if (n.startsWith(".") || n.startsWith("_")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .map(rel -> rel.toString().replace(java.io.File.separatorChar, '/'))
                    .filter(rel -> !rel.equals("manifest.json"))
                    .sorted().toList();
        }
    }
}
