package org.skysift.fits;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.util.FitsOutputStream;

/** Writes 16-bit unsigned images the way DSS-like data arrive: BITPIX 16 with BZERO 32768. */
public final class FitsWriter {
    private FitsWriter() {}

    /**
     * @param counts pixel values, rounded and clipped to [0, 65535]
     * @param cards extra keywords in order; values are Double, Integer, Long, Boolean or String
     */
    public static void writeUint16(OutputStream out, int width, int height, float[] counts, Map<String, Object> cards)
            throws IOException {
        short[][] data = new short[height][width];
        for (int y = 0; y < height; y++) {
            short[] row = data[y];
            int off = y * width;
            for (int x = 0; x < width; x++) {
                float v = counts[off + x];
                int c = Float.isNaN(v) ? 0 : (int) Math.min(65535, Math.max(0, Math.round(v)));
                row[x] = (short) (c - 32768);
            }
        }
        try {
            BasicHDU<?> hdu = Fits.makeHDU(data);
            Header h = hdu.getHeader();
            // nom-tam stamps the write time into SIMPLE's comment; the same pixels must give the same bytes
            h.findCard("SIMPLE").setComment("conforms to FITS standard");
            h.addValue("BZERO", 32768, "unsigned 16-bit counts");
            h.addValue("BSCALE", 1, null);
            for (Map.Entry<String, Object> e : cards.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Double d) {
                    h.addValue(e.getKey(), d, null);
                } else if (v instanceof Float f) {
                    h.addValue(e.getKey(), (double) f, null);
                } else if (v instanceof Integer i) {
                    h.addValue(e.getKey(), i, null);
                } else if (v instanceof Long l) {
                    h.addValue(e.getKey(), l, null);
                } else if (v instanceof Boolean b) {
                    h.addValue(e.getKey(), b, null);
                } else if (v != null) {
                    h.addValue(e.getKey(), v.toString(), null);
                }
            }
            Fits fits = new Fits();
            fits.addHDU(hdu);
            FitsOutputStream fos = new FitsOutputStream(out);
            fits.write(fos);
            fos.flush();
        } catch (FitsException e) {
            throw new IOException("cannot write FITS: " + e.getMessage(), e);
        }
    }
}
