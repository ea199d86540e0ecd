package org.skysift.fits;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.ImageHDU;
import nom.tam.util.Cursor;

/** Reads the primary image (HDU 0) of a FITS stream, plain or gzip, ignoring any HDUs after it. */
public final class FitsReader {
    private FitsReader() {}

    /** @param name used in error messages (a path or URI) */
    public static FitsImage read(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream body = (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(in), 1 << 16) : in;
        try (Fits fits = new Fits(body)) {
            BasicHDU<?> hdu = fits.readHDU();
            if (hdu == null) {
                throw new FitsFormatException(name + ": no HDU found (empty or not FITS)");
            }
            if (!(hdu instanceof ImageHDU image)) {
                throw new FitsFormatException(name + ": HDU 0 is " + hdu.getClass().getSimpleName() + ", not an image");
            }
            return toImage(image, name);
        } catch (FitsException e) {
            throw new FitsFormatException(name + ": not a readable FITS file: " + e.getMessage(), e);
        }
    }

    private static FitsImage toImage(ImageHDU hdu, String name) throws FitsException {
        Header h = hdu.getHeader();
        int naxis = h.getIntValue("NAXIS", 0);
        if (naxis != 2) {
            throw new FitsFormatException(name + ": NAXIS = " + naxis + ", expected a 2-D image");
        }
        int w = h.getIntValue("NAXIS1", 0);
        int ht = h.getIntValue("NAXIS2", 0);
        Object kernel = hdu.getKernel();
        if (kernel == null || w <= 0 || ht <= 0) {
            throw new FitsFormatException(name + ": image data missing (NAXIS1=" + w + ", NAXIS2=" + ht + ")");
        }
        double bscale = h.getDoubleValue("BSCALE", 1.0);
        double bzero = h.getDoubleValue("BZERO", 0.0);
        boolean hasBlank = h.containsKey("BLANK");
        long blank = hasBlank ? h.getLongValue("BLANK") : 0;
        float[] out = new float[w * ht];
        for (int y = 0; y < ht; y++) {
            int row = y * w;
            if (kernel instanceof short[][] k) {
                short[] r = k[y];
                for (int x = 0; x < w; x++) {
                    out[row + x] = hasBlank && r[x] == blank ? Float.NaN : (float) (r[x] * bscale + bzero);
                }
            } else if (kernel instanceof int[][] k) {
                int[] r = k[y];
                for (int x = 0; x < w; x++) {
                    out[row + x] = hasBlank && r[x] == blank ? Float.NaN : (float) (r[x] * bscale + bzero);
                }
            } else if (kernel instanceof byte[][] k) {
                byte[] r = k[y];
                for (int x = 0; x < w; x++) {
                    int v = r[x] & 0xff;
                    out[row + x] = hasBlank && v == blank ? Float.NaN : (float) (v * bscale + bzero);
                }
            } else if (kernel instanceof float[][] k) {
                float[] r = k[y];
                for (int x = 0; x < w; x++) {
                    out[row + x] = (float) (r[x] * bscale + bzero);
                }
            } else if (kernel instanceof double[][] k) {
                double[] r = k[y];
                for (int x = 0; x < w; x++) {
                    out[row + x] = (float) (r[x] * bscale + bzero);
                }
            } else {
                throw new FitsFormatException(name + ": unsupported pixel type " + kernel.getClass().getSimpleName());
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                out[i] = Float.NaN;
            }
        }
        return new FitsImage(w, ht, out, headerOf(h));
    }

    static FitsHeader headerOf(Header h) {
        Map<String, String> cards = new LinkedHashMap<>();
        Cursor<String, HeaderCard> it = h.iterator();
        while (it.hasNext()) {
            HeaderCard c = it.next();
            String key = c.getKey();
            if (key == null || key.isBlank() || key.equals("COMMENT") || key.equals("HISTORY") || key.equals("END")) {
                continue;
            }
            String v = c.getValue();
            cards.putIfAbsent(key.trim().toUpperCase(java.util.Locale.ROOT), v == null ? "" : v.trim());
        }
        return new FitsHeader(cards);
    }
}
