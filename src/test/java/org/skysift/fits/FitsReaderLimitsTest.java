package org.skysift.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Headers that claim what the file cannot hold are refused from the header alone, by stream or by byte array. */
@Tag("plain")
class FitsReaderLimitsTest {
    private static byte[] header(String... cards) {
        StringBuilder s = new StringBuilder();
        for (String c : cards) {
            s.append(String.format("%-80s", c));
        }
        s.append(String.format("%-80s", "END"));
        while (s.length() % 2880 != 0) {
            s.append(' ');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void refused(byte[] file, long maxPixels, String expected) {
        assertThatThrownBy(() -> FitsReader.read(new ByteArrayInputStream(file), "f.fits", maxPixels))
                .isInstanceOf(FitsFormatException.class).hasMessageStartingWith("f.fits: ").hasMessageContaining(expected);
        assertThatThrownBy(() -> FitsReader.read(file, "f.fits", maxPixels))
                .isInstanceOf(FitsFormatException.class).hasMessageStartingWith("f.fits: ").hasMessageContaining(expected);
    }

    @Test
    void aHeaderClaimingMoreThanTheCapIsRefusedNamingTheKey() {
        // 2^31-1 x 2^31-1 would be an OutOfMemoryError or a negative array size in the FITS library
        refused(header("SIMPLE  = T", "BITPIX  = 16", "NAXIS   = 2", "NAXIS1  = 2147483647", "NAXIS2  = 2147483647"),
                FitsReader.DEFAULT_MAX_PIXELS, "more than image.max_pixels = 268435456");
        refused(header("SIMPLE  = T", "BITPIX  = 16", "NAXIS   = 2", "NAXIS1  = 20", "NAXIS2  = 20"), 399,
                "20 x 20 = 400 values, more than image.max_pixels = 399");
    }

    @Test
    void aHeaderClaimingMoreThanTheFileHoldsIsRefusedWithBothSizes() {
        byte[] file = Arrays.copyOf(header("SIMPLE  = T", "BITPIX  = 16", "NAXIS   = 2", "NAXIS1  = 100",
                "NAXIS2  = 100"), 2880 + 5000);
        refused(file, FitsReader.DEFAULT_MAX_PIXELS, "20000 bytes");
        refused(file, FitsReader.DEFAULT_MAX_PIXELS, "holds 5000");
    }

    @Test
    void negativeOddAndDuplicatedStructuralKeywordsAreRefused() {
        refused(header("SIMPLE  = T", "BITPIX  = 16", "NAXIS   = 2", "NAXIS1  = -1", "NAXIS2  = 10"),
                FitsReader.DEFAULT_MAX_PIXELS, "NAXIS1 = -1 is out of range");
        refused(header("SIMPLE  = T", "BITPIX  = 12", "NAXIS   = 2", "NAXIS1  = 10", "NAXIS2  = 10"),
                FitsReader.DEFAULT_MAX_PIXELS, "BITPIX = 12 is not one of");
        refused(header("SIMPLE  = T", "BITPIX  = 16", "NAXIS   = 2", "NAXIS1  = 10", "NAXIS1  = 99999", "NAXIS2  = 10"),
                FitsReader.DEFAULT_MAX_PIXELS, "NAXIS1 appears twice ('10' and '99999')");
        refused(header("SIMPLE  = T", "BITPIX  = 16", "NAXIS   = 1000"), FitsReader.DEFAULT_MAX_PIXELS,
                "NAXIS = 1000 is out of range (0..999)");
        byte[] noEnd = new byte[2880 * 3];
        Arrays.fill(noEnd, (byte) ' ');
        System.arraycopy(String.format("%-80s", "SIMPLE  = T").getBytes(StandardCharsets.US_ASCII), 0, noEnd, 0, 80);
        refused(noEnd, FitsReader.DEFAULT_MAX_PIXELS, "END card");
    }

    @Test
    void aValidImageStillReadsTheSameByStreamAndByArrayAndAtTheCap() throws IOException {
        float[] px = new float[20 * 10];
        for (int i = 0; i < px.length; i++) {
            px[i] = i * 3;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FitsWriter.writeUint16(out, 20, 10, px, Map.of("GAIN", 2.0));
        byte[] bytes = out.toByteArray();
        FitsImage a = FitsReader.read(new ByteArrayInputStream(bytes), "s", 200);
        FitsImage b = FitsReader.read(bytes, "b", 200);
        assertThat(a.data()).containsExactly(px);
        assertThat(b.data()).containsExactly(px);
        assertThat(b.header().getDouble("GAIN")).isEqualTo(2.0);
        assertThatThrownBy(() -> FitsReader.read(bytes, "b", 199)).hasMessageContaining("max_pixels = 199");
    }
}
