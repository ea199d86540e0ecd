package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.skysift.catalog.RefStar;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsHeader;
import org.skysift.fits.FitsImage;
import org.skysift.report.cutout.SkyPoint;
import org.skysift.wcs.TanWcs;

@Tag("plain")
class CandidateCutoutsTest {
    static final double RA = 30, DEC = -20;
    static final int W = 200, H = 150;
    final SkySiftConfig config = ConfigLoader.fromYamlString("run_id: t");
    final TanWcs wcs = TanWcs.northUp(RA, DEC, W, H, 1.7);
    final FitsImage img = plate();

    private static FitsImage plate() {
        float[] d = new float[W * H];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (500 + 5 * rnd.nextGaussian());
        }
        return new FitsImage(W, H, d, new FitsHeader(Map.of()));
    }

    private CandidateRow candidate(int id, double x, double y) {
        double[] sky = wcs.pixelToSky(x, y);
        return new CandidateRow(7, id, sky[0], sky[1], 18.5, 40, 2.8, "no_counterpart", 0.3, null, "unmatched", null,
                null);
    }

    /** Hadoop's local file system (written through java.nio) and a plain Hadoop one (create + rename). */
    static Stream<Configuration> fileSystems() {
        Configuration raw = new Configuration();
        raw.set("fs.file.impl", RawLocalFileSystem.class.getName());
        raw.setBoolean("fs.file.impl.disable.cache", true);
        return Stream.of(new Configuration(), raw);
    }

    @ParameterizedTest
    @MethodSource("fileSystems")
    void writesOneStampPerCandidateAndReplacesItWholeOnARetry(Configuration hconf, @TempDir Path dir) throws IOException {
        // one in the middle, one two pixels from the plate's corner
        List<CandidateRow> rows = List.of(candidate(3, 100, 75), candidate(11, 2, 149));
        List<RefStar> refs = List.of(new RefStar("near", RA, DEC + 8 / 3600.0, 15));
        String runDir = dir.toUri().toString();
        List<CandidateRow> out = CandidateCutouts.attach(config, hconf, runDir, img, wcs, refs, rows);
        assertThat(out).extracting(CandidateRow::cutout).containsExactly("cutouts/7/3.png", "cutouts/7/11.png");
        assertThat(out).extracting(CandidateRow::sourceId).containsExactly(3, 11);
        byte[] first = Files.readAllBytes(dir.resolve("cutouts/7/3.png"));
        for (CandidateRow r : out) {
            BufferedImage png = ImageIO.read(dir.resolve(r.cutout()).toFile());
            assertThat(png.getWidth()).isEqualTo(256);
            assertThat(png.getHeight()).isEqualTo(256 + 32);
        }

        // a retried task: the same bytes under the same names, nothing else left behind
        CandidateCutouts.attach(config, hconf, runDir, img, wcs, refs, rows);
        assertThat(Files.readAllBytes(dir.resolve("cutouts/7/3.png"))).isEqualTo(first);
        try (Stream<Path> files = Files.list(dir.resolve("cutouts/7"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("3.png", "11.png");
        }
    }

    @Test
    void aStampThatCannotBeWrittenLeavesTheRowWithoutCutout(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cutouts"), "a file where the folder should be");
        List<CandidateRow> rows = List.of(candidate(3, 100, 75), candidate(4, 50, 50));
        List<CandidateRow> out = CandidateCutouts.attach(config, new Configuration(), dir.toUri().toString(), img, wcs,
                List.of(), rows);
        assertThat(out).hasSize(2);
        assertThat(out).extracting(CandidateRow::cutout).containsOnlyNulls();
        assertThat(out).extracting(CandidateRow::sourceId).containsExactly(3, 4);
        assertThat(out.get(0).mag()).isEqualTo(18.5);
    }

    @Test
    void neighboursAreTheReferenceStarsWithinTheRadius() {
        double arcsec = 1 / 3600.0;
        double cos = Math.cos(Math.toRadians(DEC));
        List<RefStar> refs = List.of(new RefStar("a", RA, DEC + 14.9 * arcsec, 15),
                new RefStar("b", RA, DEC - 15.1 * arcsec, 15),
                new RefStar("c", RA + 10 * arcsec / cos, DEC, 15),
                // 15.5" of RA is 14.6" on the sky at this declination; 16.5" east is out
                new RefStar("d", RA + 15.5 * arcsec, DEC, 15),
                new RefStar("e", RA + 16.5 * arcsec / cos, DEC, 15));
        assertThat(CandidateCutouts.near(refs, RA, DEC, 15)).containsExactly(
                new SkyPoint(refs.get(0).ra(), refs.get(0).dec()), new SkyPoint(refs.get(2).ra(), refs.get(2).dec()),
                new SkyPoint(refs.get(3).ra(), refs.get(3).dec()));
    }
}
