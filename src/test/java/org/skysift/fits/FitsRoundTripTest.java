package org.skysift.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.testing.SharedData;

@Tag("plain")
class FitsRoundTripTest {
    private static byte[] sample(int w, int h, float[] px) throws IOException {
        Map<String, Object> cards = new LinkedHashMap<>();
        cards.put("DATE-OBS", "1953-04-12T05:30:00");
        cards.put("GAIN", 1.5);
        cards.put("OBJECT", "test field");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FitsWriter.writeUint16(out, w, h, px, cards);
        return out.toByteArray();
    }

    @Test
    void unsignedPixelsAndKeywordsSurviveWriteAndRead() throws IOException {
        int w = 37, h = 23;
        float[] px = new float[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 97) % 65536;
        }
        px[5] = 65535;
        px[6] = 0;
        byte[] bytes = sample(w, h, px);
        assertThat(bytes.length % 2880).isZero();
        assertThat(new String(bytes, 0, 80, java.nio.charset.StandardCharsets.US_ASCII)).doesNotContain("UTC");
        FitsImage img = FitsReader.read(new ByteArrayInputStream(bytes), "mem");
        assertThat(img.width()).isEqualTo(w);
        assertThat(img.height()).isEqualTo(h);
        assertThat(img.data()).containsExactly(px);
        assertThat(img.header().getString("DATE-OBS")).isEqualTo("1953-04-12T05:30:00");
        assertThat(img.header().getDouble("GAIN")).isEqualTo(1.5);
        assertThat(img.header().getString("OBJECT")).isEqualTo("test field");
    }

    @Test
    void gzipStreamsAreRecognisedByTheirMagic() throws IOException {
        float[] px = new float[16 * 16];
        java.util.Arrays.fill(px, 1234);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(sample(16, 16, px));
        }
        FitsImage img = FitsReader.read(new ByteArrayInputStream(gz.toByteArray()), "mem.gz");
        assertThat(img.data()[255]).isEqualTo(1234f);
    }

    @Test
    void garbageAndHtmlAreNotFits() {
        byte[] html = "<html><body>Service unavailable</body></html>".getBytes();
        assertThatThrownBy(() -> FitsReader.read(new ByteArrayInputStream(html), "page.fits"))
                .isInstanceOf(FitsFormatException.class).hasMessageContaining("page.fits");
        assertThatThrownBy(() -> FitsReader.read(new ByteArrayInputStream(new byte[0]), "empty.fits"))
                .isInstanceOf(FitsFormatException.class).hasMessageContaining("empty.fits");
    }

    @Test
    void badNumericKeywordIsNamed() {
        FitsHeader h = new FitsHeader(Map.of("GAIN", "fast"));
        assertThatThrownBy(() -> h.getDouble("GAIN")).hasMessageContaining("GAIN").hasMessageContaining("fast");
    }

    @Test
    void realDssPlateReadsHduZeroAndIgnoresTheTableAfterIt() throws IOException {
        var p = SharedData.require("dss/dss1red_POSSI-E_XE133_M101.fits");
        FitsImage img = FitsReader.read(java.nio.file.Files.newInputStream(p), p.toString());
        assertThat(img.width()).isEqualTo(530);
        assertThat(img.height()).isEqualTo(530);
        assertThat(img.header().has("AMDX1")).isTrue();
        // every pixel against the file's bytes read here by hand: BITPIX 16, no BZERO/BSCALE, big-endian
        // shorts right after the header's 2880-byte blocks, first row first
        byte[] b = java.nio.file.Files.readAllBytes(p);
        int end = 0;
        while (!new String(b, end, 80, java.nio.charset.StandardCharsets.US_ASCII).startsWith("END     ")) {
            end += 80;
        }
        String header = new String(b, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(header).contains("BITPIX  =                   16").doesNotContain("BZERO ").doesNotContain("BSCALE");
        var raw = java.nio.ByteBuffer.wrap(b, (end / 2880 + 1) * 2880, 530 * 530 * 2).order(java.nio.ByteOrder.BIG_ENDIAN);
        float[] data = img.data();
        int distinct = 0;
        java.util.BitSet seen = new java.util.BitSet(1 << 16);
        for (int i = 0; i < 530 * 530; i++) {
            short v = raw.getShort();
            assertThat(data[i]).as("pixel %d", i).isEqualTo((float) v);
            if (!seen.get(v & 0xffff)) {
                seen.set(v & 0xffff);
                distinct++;
            }
        }
        assertThat(distinct).as("distinct pixel values of a real scan").isGreaterThan(1000);
    }
}
