package org.skysift.acquire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;
import org.skysift.testing.SharedData;

@Tag("plain")
class FitsIntegrityTest {
    private static final int B = FitsIntegrity.BLOCK;

    private static byte[] plate() {
        // 3' at 1.7"/px = 106 x 106 px of BITPIX 16: 22472 data bytes -> 8 data blocks after 1 header block
        return SyntheticRenderer.render(new Tile(5, 30, 10, 3, 3), new SyntheticSky(TestSkies.standard(1))).fits();
    }

    /** A header of the given cards, padded to whole blocks. */
    private static byte[] header(String... cards) {
        StringBuilder sb = new StringBuilder();
        for (String c : cards) {
            sb.append(String.format("%-80s", c));
        }
        sb.append(String.format("%-80s", "END"));
        while (sb.length() % B != 0) {
            sb.append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aCompletePlatePasses() {
        byte[] fits = plate();
        assertThat(fits.length).isEqualTo(B + FitsIntegrity.padded(106 * 106 * 2));
        assertThat(FitsIntegrity.problem(fits)).isNull();
    }

    @Test
    void missingDataBlocksAreCaughtFromNaxis() {
        byte[] fits = plate();
        byte[] cut = Arrays.copyOf(fits, fits.length - B);
        assertThat(FitsIntegrity.problem(cut)).startsWith("truncated FITS: HDU 0 needs 25920 bytes")
                .contains("22472 data bytes").contains("only 23040 present");
        assertThat(FitsIntegrity.problem(Arrays.copyOf(fits, fits.length - 1))).contains("not a whole number of 2880-byte blocks");
        assertThat(FitsIntegrity.problem(Arrays.copyOf(fits, 400 * 80 / 80 * 8))).contains("not a whole number");
    }

    @Test
    void htmlAndEmptyBodiesAreNotFits() {
        assertThat(FitsIntegrity.problem(FaultyFitsServer.HTML_ERROR.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("not FITS: starts with '<!DOCTYPE html><html><head><title>Error</title></head><body>'");
        assertThat(FitsIntegrity.problem(new byte[0])).isEqualTo("empty body");
        assertThat(FitsIntegrity.problem(new byte[B])).startsWith("not FITS");
    }

    @Test
    void headerWithoutEndIsTruncated() {
        byte[] h = header("SIMPLE  =                    T", "BITPIX  =                   16", "NAXIS   =                    0");
        byte[] noEnd = h.clone();
        Arrays.fill(noEnd, 3 * 80, 4 * 80, (byte) ' ');
        assertThat(FitsIntegrity.problem(h)).isNull();
        assertThat(FitsIntegrity.problem(noEnd)).contains("HDU 0").contains("no END card");
    }

    @Test
    void extensionsMustBeComplete() {
        byte[] primary = header("SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0",
                "EXTEND  =                    T");
        byte[] table = header("XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2",
                "NAXIS1  =                  100 / bytes per row", "NAXIS2  =                   40", "PCOUNT  =                 3000",
                "GCOUNT  =                    1", "TFIELDS =                    0");
        // 100 x 40 + heap 3000 = 7000 bytes -> 3 blocks
        byte[] whole = concat(primary, table, new byte[3 * B]);
        assertThat(FitsIntegrity.problem(whole)).isNull();
        assertThat(FitsIntegrity.problem(concat(primary, table, new byte[2 * B])))
                .startsWith("truncated FITS: HDU 1 needs 11520 bytes from byte 2880").contains("7000 data bytes");
        // a stray block after the last HDU that is not an extension
        byte[] junk = new byte[B];
        Arrays.fill(junk, (byte) 'x');
        assertThat(FitsIntegrity.problem(concat(whole, junk))).contains("HDU 2").contains("does not start with XTENSION=");
        // zero padding after the last HDU is tolerated
        assertThat(FitsIntegrity.problem(concat(whole, new byte[B]))).isNull();
    }

    @Test
    void nonsenseSizeKeywordsAreRejected() {
        assertThat(FitsIntegrity.problem(header("SIMPLE  =                    T", "BITPIX  =                   12",
                "NAXIS   =                    0"))).contains("BITPIX '12'");
        assertThat(FitsIntegrity.problem(header("SIMPLE  =                    T", "BITPIX  =                   16",
                "NAXIS   =                    2", "NAXIS1  =                   10"))).contains("lacks NAXIS2");
        assertThat(FitsIntegrity.problem(header("SIMPLE  =                    T", "BITPIX  =                  -64",
                "NAXIS   =                    2", "NAXIS1  =          99999999999", "NAXIS2  =          99999999999")))
                .contains("overflows");
    }

    @Test
    void realDssCutoutWithItsTableExtensionPasses() throws IOException {
        byte[] m101 = Files.readAllBytes(SharedData.require("dss/dss1red_POSSI-E_XE133_M101.fits"));
        assertThat(FitsIntegrity.problem(m101)).isNull();
        // the BINTABLE after the image: cutting its last block must be caught
        assertThat(FitsIntegrity.problem(Arrays.copyOf(m101, m101.length - B))).startsWith("truncated FITS: HDU 1");
        Path gz = SharedData.require("dss/dss1_UKST_S134_dss.14.29.56-62.41.05.fits.gz");
        byte[] ukst;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ukst = in.readAllBytes();
        }
        assertThat(FitsIntegrity.problem(ukst)).isNull();
        // 4 header blocks, 100 x 100 x 2 bytes of data in 7 blocks, then a small table extension
        assertThat(FitsIntegrity.problem(Arrays.copyOf(ukst, ukst.length - B)))
                .isEqualTo("truncated FITS: HDU 1 needs 8640 bytes from byte 31680 (420 data bytes), only 5760 present");
        assertThat(FitsIntegrity.problem(Arrays.copyOf(ukst, 8 * B)))
                .isEqualTo("truncated FITS: HDU 0 needs 31680 bytes from byte 0 (20000 data bytes), only 23040 present");
        // its header spans more than one block: a cut inside it has no END card
        assertThat(FitsIntegrity.problem(Arrays.copyOf(ukst, B))).contains("HDU 0").endsWith("has no END card");
    }
}
