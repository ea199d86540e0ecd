package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.FaultyFitsServer;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Angles;
import org.skysift.sky.Tile;
import org.skysift.synth.EpochRenderer;
import org.skysift.synth.InjectedChange;

/**
 * The epoch inputs other than synthetic, without Spark: frames rendered by {@link EpochRenderer} (the same sky
 * at three epochs, injected changes in 1991) are written as FITS files and read back by {@link EpochFrames}
 * from image.path folders, from an image.list with epoch and date columns, and from dss_search / hips2fits
 * answered by a local server; {@link EpochStage} then stacks and differences them as the job does on an
 * executor. Bad inputs fail only their own epoch, with a message naming the file, row or field.
 */
@Tag("plain")
class EpochFramesTest {
    /** A 10' tile: 353 x 353 px at 1.7"/px. */
    static final Tile TILE = new Tile(4711, 150.0, 20.0, 10, 10);
    static final String[] EPOCHS = {"1953", "1991", "2001"};
    static final int[] FRAMES = {1, 3, 1};
    /** The rendering config: seed 7 and default sky, as FaultyFitsServer's plates, so a DSS epoch shows the same stars. */
    static final SkySiftConfig RENDER = ConfigLoader.fromYamlString(String.join("\n",
            "synthetic: {seed: 7, fwhm_min: 2.6, fwhm_max: 2.8}",
            "epochs:",
            "  list:",
            "    - {name: '1953', synthetic: {year: 1953.2}}",
            "    - name: '1991'",
            "      frames: 3",
            "      synthetic: {year: 1991.7, fwhm_min: 3.2, fwhm_max: 3.4, offset_arcsec: 5,",
            "                  changes: {appeared: 3, vanished: 3, brightened: 3, faded: 3, amplitude_min_mag: 0.8,",
            "                            amplitude_max_mag: 1.2, mag_bright: 15, mag_faint: 16}}",
            "    - {name: '2001', synthetic: {year: 2001.3, fwhm_min: 3.0, fwhm_max: 3.1}}"));

    @TempDir
    static Path dir;
    /** frames[k][f]: the FITS bytes of frame f of epoch k, as rendered. */
    static byte[][][] frames;
    static List<InjectedChange> changes;
    final Configuration conf = new Configuration();

    @BeforeAll
    static void render() throws IOException {
        frames = new byte[EPOCHS.length][][];
        for (int k = 0; k < EPOCHS.length; k++) {
            frames[k] = new byte[FRAMES[k]][];
            Path folder = Files.createDirectories(dir.resolve(EPOCHS[k]));
            for (int f = 0; f < FRAMES[k]; f++) {
                var ef = EpochRenderer.render(TILE, Stages.sky(RENDER), Stages.realism(RENDER), Stages.syntheticEpochs(RENDER),
                        0, k, f);
                frames[k][f] = ef.image().fits();
                changes = ef.changes();
                String file = FRAMES[k] == 1 ? TILE.id() + ".fits" : TILE.id() + "-" + (f + 1) + ".fits";
                Files.write(folder.resolve(file), frames[k][f]);
            }
        }
    }

    /** Epochs 1953, 1991 (3 frames), 2001 as image.path folders of the rendered files. */
    static String folders(Path root, String... extra) {
        return String.join("\n",
                "output: '" + root.resolve("out").toUri() + "'",
                "image: {source: files, path: '" + root.resolve("1953").toUri() + "'}",
                "epochs:",
                "  list:",
                "    - {name: '1953'}",
                "    - {name: '1991', frames: 3, image: {path: '" + root.resolve("1991").toUri() + "'}}",
                "    - {name: '2001', image: {path: '" + root.resolve("2001").toUri() + "'}}",
                String.join("\n", extra));
    }

    @Test
    void foldersGiveEachEpochItsFilesInFrameOrder() throws IOException {
        EpochFrames ef = new EpochFrames(ConfigLoader.fromYamlString(folders(dir)), conf);
        for (int k = 0; k < EPOCHS.length; k++) {
            EpochFrames.Acquired a = ef.acquire(TILE, k);
            assertThat(a.frames()).hasSize(FRAMES[k]);
            assertThat(a.changes()).isEmpty();
            assertThat(a.notes()).isEmpty();
            for (int f = 0; f < FRAMES[k]; f++) {
                EpochFrames.Frame fr = a.frames().get(f);
                String file = FRAMES[k] == 1 ? TILE.id() + ".fits" : TILE.id() + "-" + (f + 1) + ".fits";
                assertThat(fr.uri()).startsWith("file:").endsWith("/" + EPOCHS[k] + "/" + file);
                assertThat(fr.sha256()).isEqualTo(Sha256.hex(frames[k][f]));
                assertThat(fr.bytes()).isEqualTo(frames[k][f].length);
                assertThat(fr.image().data()).isEqualTo(read(frames[k][f]).data());
                assertThat(fr.image().width()).isEqualTo(353);
                assertThat(fr.listedYear()).isNull();
                assertThat(fr.truth()).isNull();
            }
        }
    }

    /**
     * The whole epoch chain on the folders: 1991's three frames stacked, both other epochs differenced against
     * 1953, every injected change of 1991 (15-16 mag, 0.8-1.2 mag of change) found in its class, 2001 (no
     * change) nearly empty; years from DATE-OBS; no problem.
     */
    @Test
    void foldersAreStackedAndDifferencedLikeSyntheticEpochs() throws IOException {
        SkySiftConfig c = ConfigLoader.fromYamlString(folders(dir));
        EpochStage stage = new EpochStage(c, conf);
        EpochStage.Reference ref = stage.stackReference(stage.acquireReference(TILE));
        assertThat(ref.frames()).isEqualTo(1);
        EpochStage.Output out = stage.others(TILE, ref, List.of());
        assertThat(out.problems()).isNull();
        assertThat(out.nEpochs()).isEqualTo(3);
        assertThat(out.diffs()).extracting(EpochStage.EpochDiff::epoch).containsExactly("1991", "2001");
        assertThat(out.diffs().get(0).year()).isCloseTo(1991.7, offset(0.01));
        assertThat(out.diffs().get(1).year()).isCloseTo(2001.3, offset(0.01));
        assertThat(out.diffs().get(0).image().header().getString("NCOMBINE")).isEqualTo("3");
        assertThat(out.injections()).as("real images: no injection rows").isEmpty();
        assertThat(out.scorrStd()).isBetween(0.8, 1.3);
        double radius = c.report().injectionRadiusArcsec();
        List<InjectedChange> of1991 = EpochStage.changesOf(changes, "1991");
        assertThat(of1991).hasSize(12);
        int found = 0;
        for (InjectedChange ch : of1991) {
            TransientRow t = nearest(out.transients(), "1991", ch.ra(), ch.dec(), radius);
            if (t != null && t.kind().equals(ch.kind())) {
                found++;
            }
        }
        System.out.printf("files epochs: 1991 changes found in class %d of 12; transients 1991 %d, 2001 %d; S_corr std %s%n",
                found, out.transients().stream().filter(t -> t.epoch().equals("1991")).count(),
                out.transients().stream().filter(t -> t.epoch().equals("2001")).count(),
                out.diffs().stream().map(d -> String.format("%.3f", d.diff().scorrStd())).toList());
        assertThat(found).as("injected changes of 1991 found in their class").isGreaterThanOrEqualTo(11);
        for (TransientRow t : out.transients()) {
            assertThat(t.injected()).isNull();
            assertThat(t.referenceEpoch()).isEqualTo("1953");
            assertThat(t.referenceYear()).isCloseTo(1953.2, offset(0.01));
        }
        assertThat(out.transients().stream().filter(t -> t.epoch().equals("2001")).count())
                .as("transients of 2001, where nothing changed").isLessThanOrEqualTo(2);
    }

    /**
     * One image.list for all epochs: rows filtered by epoch and by the tile, ordered by date (decimal years and
     * ISO dates mixed) whatever their line order, relative paths resolved against the list's folder, the date kept
     * with each frame; a row naming no configured epoch is a note naming its line, not a failure.
     */
    @Test
    void imageListTakesTheRowsOfEachEpochInDateOrder() throws IOException {
        Path list = dir.resolve("frames.csv");
        Files.writeString(list, String.join("\n",
                "path,ra,dec,epoch,date",
                "1991/" + TILE.id() + "-3.fits,150.0,20.0,1991,1991-09-15T02:00:00",
                "1953/" + TILE.id() + ".fits,150.0,20.0,1953,1953.2",
                "1991/" + TILE.id() + "-1.fits,150.0,20.0,1991,1991.70",
                "elsewhere.fits,10.0,-40.0,1991,1991.8",
                dir.resolve("1991").resolve(TILE.id() + "-2.fits").toUri() + ",150.01,20.01,1991,1991-09-14",
                "2001/" + TILE.id() + ".fits,150.0,20.0,2001,2001-04-20",
                "1991/" + TILE.id() + "-2.fits,150.0,20.0,1992,1991-09-14",
                ""));
        SkySiftConfig c = ConfigLoader.fromYamlString(String.join("\n",
                "image: {source: files, list: '" + list.toUri() + "'}",
                "epochs: {list: [{name: '1953'}, {name: '1991'}, {name: '2001'}]}"));
        EpochFrames ef = new EpochFrames(c, conf);
        EpochFrames.Acquired a = ef.acquire(TILE, 1);
        assertThat(a.frames()).extracting(f -> f.uri().substring(f.uri().lastIndexOf('/') + 1))
                .containsExactly(TILE.id() + "-1.fits", TILE.id() + "-2.fits", TILE.id() + "-3.fits");
        assertThat(a.frames().get(0).listedYear()).isCloseTo(1991.70, offset(1e-9));
        // 1991-09-14 is day 257 of 365: 1991.70 (Julian epoch, from J2000)
        assertThat(a.frames().get(1).listedYear()).isCloseTo(1991.70 + 0.003, offset(0.005));
        assertThat(a.frames().get(2).listedYear()).isGreaterThan(a.frames().get(1).listedYear());
        for (int f = 0; f < 3; f++) {
            assertThat(a.frames().get(f).sha256()).isEqualTo(Sha256.hex(frames[1][f]));
        }
        assertThat(a.notes()).singleElement().asString()
                .contains("frames.csv line 8", "epoch '1992'",
                        "did you mean '1991'?", "row not used");
        assertThat(ef.acquire(TILE, 0).frames()).singleElement()
                .satisfies(f -> assertThat(f.sha256()).isEqualTo(Sha256.hex(frames[0][0])));
        assertThat(ef.acquire(TILE, 2).frames().get(0).listedYear()).isCloseTo(2001.30, offset(0.01));
        assertThatThrownBy(() -> ef.acquire(new Tile(99, 200.0, 0.0, 10, 10), 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("no frame in tile 99").hasMessageContaining("frames.csv")
                .hasMessageContaining("with epoch 1991");
    }

    /**
     * image.list rows with a date that does not parse, a listed file that is missing, one that is not FITS: each
     * fails its own epoch with a message naming list and line (and the file); the other epoch is differenced, and
     * the list's date gives the year of an epoch whose frame has no DATE-OBS.
     */
    @Test
    void badRowsFailOnlyTheirEpochAndSayWhichRow() throws IOException {
        Path noDate = Files.createDirectories(dir.resolve("nodate"));
        Files.write(noDate.resolve("2001.fits"), withoutDateObs(frames[2][0]));
        Path list = dir.resolve("bad.csv");
        Files.writeString(list, String.join("\n",
                "path,ra,dec,epoch,date",
                "1953/" + TILE.id() + ".fits,150.0,20.0,1953,1953.2",
                "1991/" + TILE.id() + "-1.fits,150.0,20.0,1991,1991-07-14",
                "1991/" + TILE.id() + "-2.fits,150.0,20.0,1991,14/07/1991 maybe",
                "nodate/2001.fits,150.0,20.0,2001,2001-04-20",
                "gone/missing.fits,150.0,20.0,1989,1989.5",
                "nodate/corrupt.fits,150.0,20.0,1975,1975.5",
                ""));
        Files.writeString(noDate.resolve("corrupt.fits"), "SIMPLE  = T / but nothing else of a FITS file");
        SkySiftConfig c = ConfigLoader.fromYamlString(String.join("\n",
                "image: {source: files, list: '" + list.toUri() + "'}",
                "epochs: {list: [{name: '1953'}, {name: '1991'}, {name: '2001'}, {name: '1989'},"
                        + " {name: '1975'}]}"));
        EpochFrames ef = new EpochFrames(c, conf);
        assertThatThrownBy(() -> ef.acquire(TILE, 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.csv line 4").hasMessageContaining("date '14/07/1991 maybe'");
        assertThatThrownBy(() -> ef.acquire(TILE, 3)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.csv line 6").hasMessageContaining("missing.fits");

        EpochStage stage = new EpochStage(c, conf);
        EpochStage.Output out = stage.others(TILE, stage.stackReference(stage.acquireReference(TILE)), List.of());
        assertThat(out.diffs()).extracting(EpochStage.EpochDiff::epoch).containsExactly("2001");
        assertThat(out.diffs().get(0).image().header().has("DATE-OBS")).isFalse();
        assertThat(out.diffs().get(0).year()).as("the list's date").isCloseTo(2001.30, offset(0.01));
        System.out.println("epoch_problems: " + out.problems());
        assertThat(out.problems()).contains("1991: image.list").contains("line 4")
                .contains("1989: image.list " + list.toUri() + " line 6: File ")
                .contains("1975: image.list " + list.toUri() + " line 7: ").contains("corrupt.fits")
                .contains("missing.fits").doesNotContain("2001:").doesNotContain("1953:");
    }

    /**
     * An image.path epoch of three frames whose second file is missing: the epoch fails naming the frame, the
     * folder and the names looked for; 2001 is still differenced. Frames may be .fits.gz or .fit. An unreadable
     * ra in a list is a named error too.
     */
    @Test
    void aMissingFrameFailsOnlyItsEpochNamingTheFile() throws IOException {
        Path root = Files.createDirectories(dir.resolve("gap"));
        for (int k = 0; k < EPOCHS.length; k++) {
            Path to = Files.createDirectories(root.resolve(EPOCHS[k]));
            for (int f = 0; f < FRAMES[k]; f++) {
                String file = FRAMES[k] == 1 ? TILE.id() + ".fits" : TILE.id() + "-" + (f + 1) + ".fits";
                if (!(k == 1 && f == 1)) {
                    Files.write(to.resolve(file), frames[k][f]);
                }
            }
        }
        SkySiftConfig c = ConfigLoader.fromYamlString(folders(root));
        EpochStage stage = new EpochStage(c, conf);
        EpochStage.Output out = stage.others(TILE, stage.stackReference(stage.acquireReference(TILE)), List.of());
        assertThat(out.diffs()).extracting(EpochStage.EpochDiff::epoch).containsExactly("2001");
        System.out.println("epoch_problems: " + out.problems());
        assertThat(out.problems()).isEqualTo("1991: no image for frame 2 of 3 of tile 4711 in "
                + root.resolve("1991").toUri() + " (looked for 4711-2.fits, .fits.gz, .fit)");
        assertThat(out.transients()).allSatisfy(t -> assertThat(t.epoch()).isEqualTo("2001"));

        // frames may be gzipped or .fit, as single-frame tiles
        Path mixed = Files.createDirectories(root.resolve("mixed"));
        Files.write(mixed.resolve(TILE.id() + "-1.fits"), frames[1][0]);
        Files.write(mixed.resolve(TILE.id() + "-2.fits.gz"), gzip(frames[1][1]));
        Files.write(mixed.resolve(TILE.id() + "-3.fit"), frames[1][2]);
        SkySiftConfig gz = ConfigLoader.fromYamlString(folders(root).replace(root.resolve("1991").toUri().toString(),
                mixed.toUri().toString()));
        List<EpochFrames.Frame> got = new EpochFrames(gz, conf).acquire(TILE, 1).frames();
        assertThat(got).extracting(f -> f.uri().substring(f.uri().lastIndexOf('/') + 1))
                .containsExactly(TILE.id() + "-1.fits", TILE.id() + "-2.fits.gz", TILE.id() + "-3.fit");
        for (int f = 0; f < 3; f++) {
            assertThat(got.get(f).image().data()).isEqualTo(read(frames[1][f]).data());
        }

        Path list = root.resolve("ra.csv");
        Files.writeString(list, "path,ra,dec\n1953/" + TILE.id() + ".fits,15O.0,20.0\n");
        SkySiftConfig bad = ConfigLoader.fromYamlString(String.join("\n",
                "image: {source: files, list: '" + list.toUri() + "'}",
                "epochs: {list: [{name: '1953'}, {name: '2001', image: {list: null, path: '" + root.resolve("2001").toUri()
                        + "'}}]}"));
        assertThatThrownBy(() -> new EpochFrames(bad, conf).acquire(TILE, 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("ra.csv line 2: ra '15O.0' is not a number");
    }

    /** A files epoch whose folder is not there is a config error on the driver, naming the epoch's key. */
    @Test
    void preflightNamesAMissingEpochFolder() {
        SkySiftConfig c = ConfigLoader.fromYamlString(folders(dir).replace(dir.resolve("2001").toUri().toString(),
                dir.resolve("2002").toUri().toString()));
        assertThatThrownBy(() -> Preflight.check(c, conf)).isInstanceOf(org.skysift.config.ConfigException.class)
                .hasMessageContaining("epochs.list[2].image.path").hasMessageContaining("2002")
                .hasMessageContaining("no such file or folder");
        Preflight.check(ConfigLoader.fromYamlString(folders(dir)), conf);
    }

    /**
     * Survey epochs from a local stand-in of dss_search and hips2fits: the exact request of each (survey code,
     * position, size, format), one request per epoch and tile (the second read comes from the image cache, kept
     * apart per survey), the frame as served; each survey epoch differenced against the 1953 files (the same sky)
     * shows exactly the stars only the files have.
     */
    @Test
    void surveyEpochsAskForTheirSurveyOnceAndAreDifferenced() throws IOException {
        try (FaultyFitsServer server = FaultyFitsServer.start()) {
            String cache = dir.resolve("cache").toUri().toString();
            SkySiftConfig c = ConfigLoader.fromYamlString(String.join("\n",
                    "image: {source: files, path: '" + dir.resolve("1953").toUri() + "', retries: 0, cache: '" + cache + "'}",
                    "epochs:",
                    "  list:",
                    "    - {name: '1953'}",
                    "    - {name: poss2, image: {source: dss, survey: dss2-red, endpoint: ['" + server.dssEndpoint() + "']}}",
                    "    - {name: poss1, image: {source: dss, survey: dss1-red, endpoint: ['" + server.dssEndpoint() + "']}}",
                    "    - {name: hips, image: {source: hips2fits, hips: CDS/P/DSS2/red, endpoint: ['"
                            + server.hipsEndpoint() + "']}}"));
            EpochFrames ef = new EpochFrames(c, conf);
            List<EpochFrames.Frame> got = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                got.add(ef.acquire(TILE, k).frames().get(0));
            }
            List<String> log = server.requestLog();
            assertThat(log).hasSize(3);
            Map<String, String> poss2 = query(log.get(0), FaultyFitsServer.DSS_PATH);
            assertThat(poss2).containsEntry("v", "poss2ukstu_red").containsEntry("e", "J2000").containsEntry("f", "fits")
                    .containsEntry("c", "none").containsOnlyKeys("v", "r", "d", "e", "h", "w", "f", "c");
            assertThat(Double.parseDouble(poss2.get("r"))).isEqualTo(150.0);
            assertThat(Double.parseDouble(poss2.get("d"))).isEqualTo(20.0);
            assertThat(Double.parseDouble(poss2.get("w"))).isEqualTo(10.0);
            assertThat(Double.parseDouble(poss2.get("h"))).isEqualTo(10.0);
            assertThat(query(log.get(1), FaultyFitsServer.DSS_PATH)).containsEntry("v", "poss1_red");
            Map<String, String> hips = query(log.get(2), FaultyFitsServer.HIPS_PATH);
            assertThat(hips).containsEntry("hips", "CDS/P/DSS2/red").containsEntry("width", "353")
                    .containsEntry("height", "353").containsEntry("projection", "TAN").containsEntry("format", "fits");
            assertThat(Double.parseDouble(hips.get("fov"))).isCloseTo(353 * 1.7 / 3600, offset(1e-8));
            for (int k = 0; k < 3; k++) {
                URI asked = server.base().resolve(log.get(k));
                assertThat(got.get(k).sha256()).isEqualTo(Sha256.hex(server.expectedFits(asked)));
                assertThat(got.get(k).uri()).isEqualTo(asked.toString());
            }

            EpochStage stage = new EpochStage(c, conf);
            EpochStage.Reference ref = stage.stackReference(stage.acquireReference(TILE));
            EpochStage.Output out = stage.others(TILE, ref, List.of());
            assertThat(server.requestLog()).as("all three from the cache").hasSize(3);
            assertThat(out.problems()).isNull();
            assertThat(out.diffs()).extracting(EpochStage.EpochDiff::epoch).containsExactly("poss2", "poss1", "hips");
            // The server's plates show the sky of seed 7 as a single-epoch plate; the 1953 files show it too, plus the
            // stars 1991's changes add at their reference flux (3 vanishing, 3 brightening, 3 fading; appearing ones
            // are absent): those 9 are the only stars 1953 has and the plates lack, so each pair's transients are
            // exactly these, as vanished.
            List<InjectedChange> only1953 = EpochStage.changesOf(changes, "1991").stream()
                    .filter(ch -> !ch.kind().equals("appeared")).toList();
            assertThat(only1953).hasSize(9);
            double radius = c.report().injectionRadiusArcsec();
            for (EpochStage.EpochDiff d : out.diffs()) {
                assertThat(d.diff().scorrStd()).as(d.epoch()).isBetween(0.8, 1.3);
                List<TransientRow> mine = out.transients().stream().filter(t -> t.epoch().equals(d.epoch())).toList();
                long found = only1953.stream().filter(ch -> {
                    TransientRow t = nearest(mine, d.epoch(), ch.ra(), ch.dec(), radius);
                    return t != null && t.kind().equals("vanished");
                }).count();
                long elsewhere = mine.stream().filter(t -> only1953.stream().noneMatch(ch ->
                        Angles.separationArcsec(ch.ra(), ch.dec(), t.ra(), t.dec()) <= radius)).count();
                System.out.printf("survey epoch %s: S_corr std %.3f, %d transients, %d of 9 stars only 1953 has found"
                        + " as vanished, %d elsewhere%n", d.epoch(), d.diff().scorrStd(), mine.size(), found, elsewhere);
                assertThat(found).as(d.epoch()).isGreaterThanOrEqualTo(8);
                assertThat(elsewhere).as(d.epoch()).isLessThanOrEqualTo(1);
            }
        }
    }

    private static TransientRow nearest(List<TransientRow> rows, String epoch, double ra, double dec, double radius) {
        TransientRow best = null;
        double bestSep = radius;
        for (TransientRow t : rows) {
            double sep = Angles.separationArcsec(ra, dec, t.ra(), t.dec());
            if (t.epoch().equals(epoch) && sep <= bestSep) {
                best = t;
                bestSep = sep;
            }
        }
        return best;
    }

    private static Map<String, String> query(String logged, String path) {
        URI u = URI.create(logged);
        assertThat(u.getPath()).isEqualTo(path);
        Map<String, String> q = new HashMap<>();
        for (String kv : u.getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private static FitsImage read(byte[] fits) throws IOException {
        return FitsReader.read(new ByteArrayInputStream(fits), "test");
    }

    /** The same file with its DATE-OBS card blanked into a COMMENT (header cards are 80 bytes). */
    private static byte[] withoutDateObs(byte[] fits) {
        byte[] out = fits.clone();
        String head = new String(out, 0, 2880 * 4, StandardCharsets.US_ASCII);
        for (int at = 0; at < head.length(); at += 80) {
            if (head.startsWith("DATE-OBS", at)) {
                byte[] blank = String.format("%-80s", "COMMENT").getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(blank, 0, out, at, 80);
            }
        }
        return out;
    }
}
