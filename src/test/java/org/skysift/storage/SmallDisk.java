package org.skysift.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system for storage-fault tests: a tmpfs of a given size mounted on a folder (root
 * only; the test is skipped, not failed, where mounting is not allowed), which can be filled, freed and
 * remounted read-only. Closing it unmounts it.
 */
final class SmallDisk implements AutoCloseable {
    private static final String FILLER = ".filler";
    final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of sizeBytes (rounded up to pages) on dir, or skips the test saying why it cannot. */
    static SmallDisk mount(Path dir, long sizeBytes) throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755", "none", dir.toString());
        Assumptions.assumeTrue(out == null, () -> "cannot mount a tmpfs here: " + out);
        return new SmallDisk(dir);
    }

    /** Bytes a file may still take. */
    long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Fills the disk with a hidden file until only `leave` bytes (rounded down to pages) are free. */
    void fillLeaving(long leave) throws IOException {
        long take = free() - leave;
        byte[] block = new byte[4096];
        try (OutputStream o = Files.newOutputStream(dir.resolve(FILLER), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            for (long n = 0; n + block.length <= take; n += block.length) {
                o.write(block);
            }
        }
    }

    /** Frees the space the filler took. */
    void release() throws IOException {
        Files.deleteIfExists(dir.resolve(FILLER));
    }

    void readOnly(boolean ro) {
        String out = run("mount", "-o", "remount," + (ro ? "ro" : "rw"), dir.toString());
        if (out != null) {
            throw new IllegalStateException("cannot remount " + dir + (ro ? " read-only: " : " read-write: ") + out);
        }
    }

    /** Every file on the disk but the filler, relative and sorted (temporary files included). */
    List<String> files() throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(FILLER))
                    .map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Override
    public void close() {
        String out = run("umount", dir.toString());
        if (out != null) {
            // a lazy unmount so a test that left a file open does not leave the mount behind
            run("umount", "-l", dir.toString());
        }
    }

    /** Null when the command succeeded, else what it printed. */
    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : (out.isEmpty() ? "exit " + p.exitValue() : out);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
