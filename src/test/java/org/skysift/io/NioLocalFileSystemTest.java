package org.skysift.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skysift's file: file system leaves on disk exactly what Hadoop's own does (files, .crc files, permission
 * bits) and reports the same statuses, permission, owner and group included.
 */
@Tag("plain")
class NioLocalFileSystemTest {
    private static FileSystem fs(String impl) throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", impl);
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return FileSystem.get(URI.create("file:///"), conf);
    }

    /** Files in nested new folders, a file with an explicit mode, a folder made by mkdirs: the same tree either way. */
    private static void makeTree(FileSystem fs, java.nio.file.Path root) throws Exception {
        Path r = new Path(root.toUri());
        for (String name : List.of("a/b/one.parquet", "a/two.txt", "three")) {
            try (FSDataOutputStream out = fs.create(new Path(r, name))) {
                out.write(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        try (FSDataOutputStream out = fs.create(new Path(r, "private"), new FsPermission((short) 0600), true, 4096,
                (short) 1, 1 << 20, null)) {
            out.write(1);
        }
        fs.mkdirs(new Path(r, "c/d"), new FsPermission((short) 0750));
        fs.setPermission(new Path(r, "a/two.txt"), new FsPermission((short) 0640));
    }

    /** Relative path -> permission bits as java.nio reads them from disk. */
    private static Map<String, String> onDisk(java.nio.file.Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (java.nio.file.Path p : walk.toList()) {
                out.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return out;
    }

    /** Relative path -> length, folder, permission, owner, group as the file system lists them. */
    private static Map<String, String> listed(FileSystem fs, java.nio.file.Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(root.toUri()), true);
        while (it.hasNext()) {
            LocatedFileStatus s = it.next();
            out.put(root.relativize(java.nio.file.Path.of(s.getPath().toUri())).toString(),
                    s.getLen() + " " + s.isDirectory() + " " + s.getPermission() + " " + s.getOwner() + " " + s.getGroup());
        }
        FileStatus dir = fs.getFileStatus(new Path(root.resolve("c/d").toUri()));
        out.put("c/d (status)", dir.isDirectory() + " " + dir.getPermission() + " " + dir.getOwner() + " " + dir.getGroup());
        return out;
    }

    @Test
    void writesAndListsWhatHadoopsOwnDoes(@TempDir java.nio.file.Path tmp) throws Exception {
        FileSystem stock = fs(LocalFileSystem.class.getName());
        FileSystem nio = fs(NioLocalFileSystem.class.getName());
        assertThat(nio).isInstanceOf(NioLocalFileSystem.class);
        java.nio.file.Path a = tmp.resolve("stock"), b = tmp.resolve("nio");
        makeTree(stock, a);
        makeTree(nio, b);

        Map<String, String> disk = onDisk(b);
        assertThat(disk).isEqualTo(onDisk(a));
        // the modes asked for, the umask's default for the rest, and Hadoop's hidden checksum files
        assertThat(disk).containsEntry("private", "rw-------").containsEntry("a/two.txt", "rw-r-----")
                .containsEntry("c/d", "rwxr-x---").containsKey("a/b/.one.parquet.crc");
        Map<String, String> listedNio = listed(nio, b);
        assertThat(listedNio).isEqualTo(listed(stock, a)).hasSize(5); // the .crc files are hidden from listings
        String me = System.getProperty("user.name");
        assertThat(listedNio.get("private")).isEqualTo("1 false rw------- " + me + " " + listedNio.get("private").split(" ")[4]);
        assertThat(listedNio.get("c/d (status)")).startsWith("true rwxr-x--- " + me + " ");
    }

    @Test
    void aStatusKeepsItsPermissionThroughJavaSerialisation(@TempDir java.nio.file.Path tmp) throws Exception {
        FileSystem nio = fs(NioLocalFileSystem.class.getName());
        Path f = new Path(tmp.resolve("f").toUri());
        try (FSDataOutputStream out = nio.create(f, new FsPermission((short) 0604), true, 4096, (short) 1, 1 << 20, null)) {
            out.write(7);
        }
        FileStatus s = nio.getFileStatus(f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        Files.delete(tmp.resolve("f")); // the copy cannot read it again
        FileStatus copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (FileStatus) in.readObject();
        }
        assertThat(copy.getPermission().toString()).isEqualTo("rw----r--");
        assertThat(copy.getOwner()).isEqualTo(System.getProperty("user.name"));
        assertThat(copy.getLen()).isEqualTo(1);
        assertThat(copy.getPath()).isEqualTo(s.getPath());
    }

    @Test
    void aStickyFolderIsStillMadeTheStockWay(@TempDir java.nio.file.Path tmp) throws Exception {
        FileSystem nio = fs(NioLocalFileSystem.class.getName());
        Path d = new Path(tmp.resolve("shared").toUri());
        nio.mkdirs(d);
        nio.setPermission(d, new FsPermission((short) 01777));
        assertThat(nio.getFileStatus(d).getPermission().getStickyBit()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("shared")))).isEqualTo("rwxrwxrwx");
    }

    @Test
    void filesListsEveryFileOnceAsListFilesDoes(@TempDir java.nio.file.Path tmp) throws Exception {
        for (FileSystem fs : List.of(fs(LocalFileSystem.class.getName()), fs(NioLocalFileSystem.class.getName()))) {
            java.nio.file.Path root = tmp.resolve(fs.getClass().getSimpleName());
            makeTree(fs, root);
            Path r = new Path(root.toUri());
            java.util.Set<String> walked = new java.util.TreeSet<>(), listed = new java.util.TreeSet<>();
            for (FileStatus s : HadoopFiles.files(fs, r)) {
                walked.add(s.getPath() + " " + s.getLen());
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(r, true);
            while (it.hasNext()) {
                LocatedFileStatus s = it.next();
                listed.add(s.getPath() + " " + s.getLen());
            }
            assertThat(walked).isEqualTo(listed).hasSize(4); // the .crc files hidden as listFiles hides them
            Path one = new Path(r, "three");
            assertThat(HadoopFiles.files(fs, one)).extracting(FileStatus::getPath).containsExactly(fs.getFileStatus(one).getPath());
        }
    }
}
