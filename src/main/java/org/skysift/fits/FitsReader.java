package org.skysift.fits;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
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

    /**
     * Refuses a header claiming more values than this by default (16384 x 16384: a whole 14000 x 14000
     * DSS plate fits; config image.max_pixels sets it for the job).
     */
    public static final long DEFAULT_MAX_PIXELS = 16384L * 16384L;

    /** @param name used in error messages (a path or URI) */
    public static FitsImage read(InputStream raw, String name) throws IOException {
        return read(raw, name, DEFAULT_MAX_PIXELS);
    }

    /**
     * Reads HDU 0 of a stream: its header first, then exactly the data the header claims (checked
     * against {@code maxPixels} before anything is allocated for it; a stream ending early is refused).
     */
    public static FitsImage read(InputStream raw, String name, long maxPixels) throws IOException {
        InputStream body = gunzipIfCompressed(raw, name);
        try {
            byte[] header = HduLayout.readHeader(body, name);
            HduLayout layout = HduLayout.header(header, 0, header.length, true, name, maxPixels);
            byte[] file = java.util.Arrays.copyOf(header, (int) Math.min(Integer.MAX_VALUE - 8,
                    header.length + Math.min(layout.paddedDataBytes(), 1 << 20)));
            long need = header.length + layout.paddedDataBytes();
            if (need > Integer.MAX_VALUE - 8) {
                throw new FitsFormatException(name + ": the header claims " + layout.dataBytes()
                        + " bytes of data, more than one image can hold in memory");
            }
            int len = header.length;
            // grow with what arrives, so a header claiming much more than the stream holds costs nothing
            while (len < need) {
                if (len == file.length) {
                    file = java.util.Arrays.copyOf(file, (int) Math.min(need, 2L * file.length));
                }
                int n = body.read(file, len, file.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
            }
            if (len < header.length + layout.dataBytes()) {
                throw new FitsFormatException(name + ": truncated: the header claims " + layout.dataBytes()
                        + " bytes of data but the file holds " + (len - header.length));
            }
            return parse(file.length == need ? file : java.util.Arrays.copyOf(file, (int) need), name, maxPixels);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new FitsFormatException(name + ": broken gzip stream: " + e.getMessage(), e);
        }
    }

    /** Reads HDU 0 of a whole file in memory (plain or gzip) without copying a plain one. */
    public static FitsImage read(byte[] file, String name, long maxPixels) throws IOException {
        if (file.length >= 2 && (file[0] & 0xff) == 0x1f && (file[1] & 0xff) == 0x8b) {
            return read(new ByteArrayInputStream(file), name, maxPixels);
        }
        return parse(file, name, maxPixels);
    }

    private static InputStream gunzipIfCompressed(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return in;
        }
        try {
            return new BufferedInputStream(new GZIPInputStream(in), 1 << 16);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new FitsFormatException(name + ": broken gzip header: " + e.getMessage(), e);
        }
    }

    /** HDU 0 of a plain FITS file whose layout has been checked to fit {@code file}. */
    private static FitsImage parse(byte[] file, String name, long maxPixels) throws IOException {
        HduLayout.scan(file, 0, file.length, true, name, maxPixels);
        try (Fits fits = new Fits(new ByteArrayInputStream(file))) {
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
