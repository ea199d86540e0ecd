package org.skysift.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.ImageCache;
import org.skysift.catalog.CatalogSpec;
import org.skysift.catalog.ConeCache;
import org.skysift.catalog.RefStar;

/**
 * The image cache and the cone cache on a real full or read-only file system (a small tmpfs): a store
 * that cannot finish fails with the OS's reason and the cache's path, leaves no file behind (neither
 * under the final name nor a temporary one), never damages what was cached before, and works again once
 * space is freed.
 */
@Tag("plain")
class CacheStorageFaultsTest {
    private static final long PAGE = 4096;
    @TempDir
    Path tmp;
    SmallDisk disk;
    ImageCache images;
    ConeCache cones;

    @BeforeEach
    void mount() throws IOException {
        disk = SmallDisk.mount(tmp.resolve("disk"), 64 * PAGE);
        images = new ImageCache(disk.dir.toUri().toString(), new Configuration());
        cones = new ConeCache(disk.dir.resolve("cones").toUri().toString(), new Configuration());
    }

    @AfterEach
    void unmount() {
        if (disk != null) {
            disk.close();
        }
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void anImageThatDoesNotFitFailsWithTheReasonLeavesNothingAndIsStoredOnceSpaceIsFreed() throws Exception {
        Files.createDirectories(disk.dir.resolve("dss/dss1-red"));
        disk.fillLeaving(8 * PAGE);
        byte[] image = bytes(20 * (int) PAGE, 1);

        assertThatThrownBy(() -> images.store("dss", "dss1-red", "7_k", image))
                .isInstanceOf(IOException.class)
                .hasMessage("image cache file:" + disk.dir.resolve("dss/dss1-red/7_k.fits") + ": No space left on device");
        assertThat(disk.files()).isEmpty();
        assertThat(images.lookup("dss", "dss1-red", "7_k")).isEmpty();

        disk.release();
        ImageCache.Entry e = images.store("dss", "dss1-red", "7_k", image);
        assertThat(e.sha256()).isEqualTo(sha256(image));
        assertThat(disk.files()).containsExactly("dss/dss1-red/7_k.fits", "dss/dss1-red/7_k.fits.sha256");
        assertThat(images.lookup("dss", "dss1-red", "7_k").orElseThrow().bytes()).isEqualTo(image);
    }

    @Test
    void whenTheImageFitsButItsSidecarDoesNotNeitherIsLeft() throws Exception {
        Files.createDirectories(disk.dir.resolve("dss/dss1-red"));
        disk.fillLeaving(10 * PAGE);
        long free = disk.free();
        // exactly the free pages: the image's temporary file takes them all, the sidecar finds none
        byte[] image = bytes((int) free, 2);

        assertThatThrownBy(() -> images.store("dss", "dss1-red", "8_k", image))
                .isInstanceOf(IOException.class).hasMessageEndingWith("8_k.fits: No space left on device");
        assertThat(disk.files()).isEmpty();
        assertThat(disk.free()).isEqualTo(free);
    }

    @Test
    void aFailedReplacementKeepsTheVerifiedCopyThatWasThere() throws Exception {
        byte[] old = bytes(2 * (int) PAGE, 3);
        images.store("dss", "dss1-red", "9_k", old);
        disk.fillLeaving(4 * PAGE);

        assertThatThrownBy(() -> images.store("dss", "dss1-red", "9_k", bytes(12 * (int) PAGE, 4)))
                .hasMessageContaining("No space left on device");
        assertThat(disk.files()).containsExactly("dss/dss1-red/9_k.fits", "dss/dss1-red/9_k.fits.sha256");
        assertThat(Files.readString(disk.dir.resolve("dss/dss1-red/9_k.fits.sha256")))
                .isEqualTo(sha256(old) + "  9_k.fits\n");
        assertThat(images.lookup("dss", "dss1-red", "9_k").orElseThrow().bytes()).isEqualTo(old);
    }

    @Test
    void aReadOnlyCacheFailsTheStoreWithTheReasonAndStillServesWhatItHas() throws Exception {
        byte[] kept = bytes(3 * (int) PAGE, 5);
        images.store("dss", "dss1-red", "10_k", kept);
        disk.readOnly(true);
        try {
            assertThatThrownBy(() -> images.store("dss", "dss1-red", "11_k", bytes(100, 6)))
                    .isInstanceOf(IOException.class).hasMessageEndingWith("11_k.fits: Read-only file system");
            assertThatThrownBy(() -> images.store("eso-dss", "dss1-red", "11_k", bytes(100, 6)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("image cache file:" + disk.dir.resolve("eso-dss/dss1-red") + ": the folder cannot be created")
                    .hasMessageEndingWith("Read-only file system");
            assertThat(images.lookup("dss", "dss1-red", "10_k").orElseThrow().bytes()).isEqualTo(kept);
            assertThat(disk.files()).containsExactly("dss/dss1-red/10_k.fits", "dss/dss1-red/10_k.fits.sha256");
        } finally {
            disk.readOnly(false);
        }
        images.store("dss", "dss1-red", "11_k", bytes(100, 6));
        assertThat(images.lookup("dss", "dss1-red", "11_k")).isPresent();
    }

    static List<RefStar> stars(int n) {
        List<RefStar> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new RefStar("star-" + i, 150 + i * 1e-4, 2 - i * 1e-4, 15 + (i % 50) * 0.1));
        }
        return out;
    }

    @Test
    void aConeThatDoesNotFitFailsWithTheReasonLeavesNothingAndIsWrittenOnceSpaceIsFreed() throws Exception {
        String name = ConeCache.fileName(CatalogSpec.vizier("usnob1"), 150, 2, 0.5);
        Files.createDirectories(disk.dir.resolve("cones").resolve(name).getParent());
        disk.fillLeaving(2 * PAGE);
        List<RefStar> rows = stars(2000); // ~90 kB of text

        assertThatThrownBy(() -> cones.write(name, rows)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cone cache file:" + disk.dir.resolve("cones/" + name))
                .hasMessageEndingWith(": No space left on device");
        // neither the cone nor its temporary file nor Hadoop's .crc of either is left
        assertThat(disk.files()).isEmpty();
        assertThat(cones.read(name)).isEmpty();

        disk.release();
        cones.write(name, rows);
        assertThat(cones.read(name).orElseThrow()).isEqualTo(rows);
    }

    @Test
    void aReadOnlyConeCacheFailsTheWriteWithTheReason() throws Exception {
        String name = ConeCache.fileName(CatalogSpec.vizier("usnob1"), 150, 2, 0.5);
        Files.createDirectories(disk.dir.resolve("cones").resolve(name).getParent());
        disk.readOnly(true);
        try {
            assertThatThrownBy(() -> cones.write(name, stars(10))).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cone cache file:" + disk.dir.resolve("cones/" + name))
                    .hasMessageContaining("Read-only file system");
            assertThat(disk.files()).isEmpty();
        } finally {
            disk.readOnly(false);
        }
        cones.write(name, stars(10));
        assertThat(cones.read(name).orElseThrow()).isEqualTo(stars(10));
    }
}
