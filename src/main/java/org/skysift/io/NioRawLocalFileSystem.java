package org.skysift.io;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/** The raw half of {@link NioLocalFileSystem}: chmod and the permission part of a file status via java.nio. */
public class NioRawLocalFileSystem extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        if (permission.getStickyBit()) {
            super.setPermission(p, permission); // java.nio has no sticky bit: the stock way
            return;
        }
        Files.setPosixFilePermissions(pathToFile(p).toPath(), toNio(permission));
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return new Lazy(super.getFileStatus(f), pathToFile(f).toPath());
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        FileStatus[] found = super.listStatus(f);
        for (int i = 0; i < found.length; i++) {
            found[i] = new Lazy(found[i], pathToFile(found[i].getPath()).toPath());
        }
        return found;
    }

    /** rwx bits only (the sticky bit goes the stock way): FsPermission prints them as java.nio reads them. */
    static Set<PosixFilePermission> toNio(FsPermission p) {
        return PosixFilePermissions.fromString(p.toString());
    }

    /**
     * A local file's status whose permission, owner and group are read on first use with one stat call
     * (as the stock status does, but without forking {@code ls -ld}).
     */
    static final class Lazy extends FileStatus {
        private static final long serialVersionUID = 1L;
        private final transient java.nio.file.Path file;
        private boolean loaded;

        Lazy(FileStatus s, java.nio.file.Path file) throws IOException {
            super(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
                    s.getAccessTime(), null, null, null, s.isSymlink() ? s.getSymlink() : null, s.getPath());
            this.file = file;
        }

        private synchronized void load() {
            if (loaded || file == null) {
                return;
            }
            try {
                // the unix view has the whole mode (the sticky bit too), the posix view where it does not exist
                java.util.Map<String, Object> u = Files.readAttributes(file, "unix:mode,owner,group", LinkOption.NOFOLLOW_LINKS);
                setPermission(new FsPermission((short) (((Integer) u.get("mode")) & 01777)));
                setOwner(((java.nio.file.attribute.UserPrincipal) u.get("owner")).getName());
                setGroup(((java.nio.file.attribute.GroupPrincipal) u.get("group")).getName());
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                try {
                    PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    setPermission(FsPermission.valueOf("-" + PosixFilePermissions.toString(a.permissions())));
                    setOwner(a.owner().getName());
                    setGroup(a.group().getName());
                } catch (IOException e) {
                    // as below
                }
            } catch (IOException e) {
                // as the stock status: a file gone since the listing keeps the defaults
            }
            loaded = true;
        }

        @Override
        public FsPermission getPermission() {
            load();
            return super.getPermission();
        }

        @Override
        public String getOwner() {
            load();
            return super.getOwner();
        }

        @Override
        public String getGroup() {
            load();
            return super.getGroup();
        }

        @Override
        @SuppressWarnings("deprecation")
        public void write(DataOutput out) throws IOException {
            load();
            super.write(out);
        }

        /** Serialised as a plain status with the permission read (the superclass's fields are written first). */
        private Object writeReplace() throws IOException {
            return new FileStatus(getLen(), isDirectory(), getReplication(), getBlockSize(), getModificationTime(),
                    getAccessTime(), getPermission(), getOwner(), getGroup(), isSymlink() ? getSymlink() : null, getPath());
        }
    }
}
