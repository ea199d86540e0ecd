package org.skysift.acquire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.sky.Tile;

@Tag("plain")
class ImageCacheTest {
    @TempDir
    Path dir;
    ImageCache cache;
    final byte[] image = FitsBytes.plate(3);
    final Tile tile = new Tile(1000023, 210.80214, 54.34763, 60, 60);
    final String key = ImageCache.key(tile);

    @BeforeEach
    void open() {
        cache = new ImageCache(dir.toUri().toString(), new Configuration());
    }

    /** Every file under the cache root, relative, sorted. */
    static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void keyHoldsTileIdCentreAndSize() {
        assertThat(key).isEqualTo("1000023_210.802140_+54.347630_60.000x60.000");
        assertThat(ImageCache.key(new Tile(1000023, 210.80214, 54.34763, 30, 60))).isNotEqualTo(key);
        assertThat(ImageCache.key(new Tile(1000023, 210.80224, 54.34763, 60, 60))).isNotEqualTo(key);
        assertThat(ImageCache.key(new Tile(1000024, 210.80214, 54.34763, 60, 60))).isNotEqualTo(key);
        assertThat(ImageCache.key(new Tile(5, -0.5, -1.25, 10, 10))).isEqualTo("5_359.500000_-1.250000_10.000x10.000");
    }

    @Test
    void storeThenLookupVerifiesTheChecksum() throws IOException {
        ImageCache.Entry stored = cache.store("dss", "dss1-red", key, image);
        assertThat(stored.sha256()).isEqualTo(Sha256.hex(image));
        assertThat(files(dir)).containsExactly("dss/dss1-red/" + key + ".fits", "dss/dss1-red/" + key + ".fits.sha256");
        assertThat(Files.readString(dir.resolve("dss/dss1-red/" + key + ".fits.sha256")))
                .isEqualTo(Sha256.hex(image) + "  " + key + ".fits\n");
        Optional<ImageCache.Entry> hit = cache.lookup("dss", "dss1-red", key);
        assertThat(hit).isPresent();
        assertThat(hit.get().bytes()).isEqualTo(image);
        assertThat(hit.get().uri()).isEqualTo(dir.resolve("dss/dss1-red/" + key + ".fits").toUri().toString().replace("file:///", "file:/"));
        assertThat(cache.lookup("dss", "dss2-red", key)).isEmpty();
        assertThat(cache.lookup("eso-dss", "dss1-red", key)).isEmpty();
    }

    @Test
    void corruptOrUnvouchedCopiesAreMissesAndRemoved() throws IOException {
        cache.store("dss", "dss1-red", key, image);
        Path file = dir.resolve("dss/dss1-red/" + key + ".fits");
        byte[] bad = image.clone();
        bad[5000] ^= 1;
        Files.write(file, bad);
        assertThat(cache.lookup("dss", "dss1-red", key)).isEmpty();
        assertThat(files(dir)).isEmpty();

        cache.store("dss", "dss1-red", key, image);
        Files.delete(dir.resolve("dss/dss1-red/" + key + ".fits.sha256"));
        assertThat(cache.lookup("dss", "dss1-red", key)).isEmpty();
        assertThat(files(dir)).isEmpty();

        cache.store("dss", "dss1-red", key, image);
        Files.writeString(dir.resolve("dss/dss1-red/" + key + ".fits.sha256"), "not a digest\n");
        assertThat(cache.lookup("dss", "dss1-red", key)).isEmpty();
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void storeReplacesAnOlderCopy() throws IOException {
        cache.store("dss", "dss1-red", key, image);
        byte[] other = FitsBytes.plate(2);
        cache.store("dss", "dss1-red", key, other);
        assertThat(cache.lookup("dss", "dss1-red", key).orElseThrow().bytes()).isEqualTo(other);
        assertThat(files(dir)).hasSize(2);
    }

    @Test
    void hipsIdsBecomeOneFolder() throws IOException {
        cache.store("hips2fits", "CDS/P/DSS2/red", key, image);
        assertThat(files(dir)).containsExactly("hips2fits/CDS_P_DSS2_red/" + key + ".fits",
                "hips2fits/CDS_P_DSS2_red/" + key + ".fits.sha256");
        assertThat(cache.lookup("hips2fits", "CDS/P/DSS2/red", key)).isPresent();
    }

    @Test
    void aFailedStoreLeavesNoFile() throws IOException {
        // a non-empty folder squatting on the sidecar's name makes the store fail after the temp files exist
        Path squatter = dir.resolve("dss/dss1-red/" + key + ".fits.sha256");
        Files.createDirectories(squatter);
        Files.writeString(squatter.resolve("x"), "x", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> cache.store("dss", "dss1-red", key, image)).isInstanceOf(IOException.class);
        assertThat(files(dir)).containsExactly("dss/dss1-red/" + key + ".fits.sha256/x");
    }
}
