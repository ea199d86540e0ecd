package org.skysift.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.ImageHDU;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import nom.tam.util.FitsOutputStream;
import org.skysift.config.ConfigException;
import org.skysift.fits.FitsFormatException;
import org.skysift.fits.FitsHeader;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.fits.HduLayout;

/**
 * Reads the image in any HDU of a FITS file (plain or gzip). HDU 0 goes straight to
 * {@link FitsReader}; a later image extension (tile-compressed ones are decompressed) is rewritten as
 * a primary image in memory and read the same way, so scaling, BLANK and the header rules stay in
 * one place. With INHERIT = T the primary header's keywords fill in what the extension lacks.
 * Problems with the file or the HDU number are {@link ConfigException}s naming them (exit 2).
 */
final class ImageHdu {
    /** Keywords describing an HDU's own structure, never inherited from the primary header. */
    private static final Set<String> STRUCTURAL = Set.of("SIMPLE", "XTENSION", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2",
            "NAXIS3", "EXTEND", "PCOUNT", "GCOUNT", "BZERO", "BSCALE", "BLANK", "EXTNAME", "EXTVER", "INHERIT",
            "CHECKSUM", "DATASUM");

    private ImageHdu() {}

    static FitsImage read(Path file, int hdu) throws IOException {
        return read(file, hdu, FitsReader.DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels image.max_pixels: headers claiming more values are refused before their data are read */
    static FitsImage read(Path file, int hdu, long maxPixels) throws IOException {
        if (hdu < 0) {
            throw new ConfigException("--hdu " + hdu + ": must be >= 0");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--image " + file + ": file not found");
        }
        try {
            if (hdu == 0) {
                try (InputStream in = Files.newInputStream(file)) {
                    return FitsReader.read(in, file.toString(), maxPixels);
                }
            }
            return readExtension(file, hdu, maxPixels);
        } catch (FitsFormatException e) {
            // the reader's messages start with the file name
            String hint = hdu == 0 && e.getMessage().contains("NAXIS = 0") ? " (HDU 0 holds no image: try --hdu 1)" : "";
            throw new ConfigException("--image " + e.getMessage() + hint, e);
        }
    }

    private static FitsImage readExtension(Path file, int n, long maxPixels) throws IOException {
        byte[] bytes;
        try (InputStream in = open(file)) {
            bytes = in.readAllBytes();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new FitsFormatException(file + ": broken gzip stream: " + e.getMessage(), e);
        }
        checkLayouts(bytes, file, n, maxPixels);
        try (Fits fits = new Fits(new ByteArrayInputStream(bytes))) {
            BasicHDU<?> primary = null;
            BasicHDU<?> hdu = null;
            for (int i = 0; i <= n; i++) {
                hdu = readHdu(fits, file, i);
                if (hdu == null) {
                    throw new ConfigException("--hdu " + n + ": " + file + " has only " + i + " HDU"
                            + (i == 1 ? "" : "s") + " (0.." + (i - 1) + ")");
                }
                if (i == 0) {
                    primary = hdu;
                }
            }
            if (hdu instanceof CompressedImageHDU c) {
                hdu = decompress(c, file, n, maxPixels);
            }
            if (!(hdu instanceof ImageHDU image) || image.getAxes() == null || image.getAxes().length != 2) {
                String what = hdu instanceof ImageHDU i
                        ? "an image with NAXIS = " + (i.getAxes() == null ? 0 : i.getAxes().length)
                        : hdu instanceof nom.tam.fits.BinaryTableHDU ? "a binary table"
                        : hdu instanceof nom.tam.fits.AsciiTableHDU ? "an ASCII table"
                        : "a " + hdu.getClass().getSimpleName();
                throw new ConfigException("--hdu " + n + ": HDU " + n + " of " + file + " is " + what
                        + ", not a 2-D image");
            }
            ByteArrayOutputStream single = new ByteArrayOutputStream();
            try (Fits one = new Fits(); FitsOutputStream out = new FitsOutputStream(single)) {
                one.addHDU(image); // the first HDU added becomes the primary one
                one.write(out);
            }
            FitsImage img = FitsReader.read(single.toByteArray(), file + "[" + n + "]", maxPixels);
            boolean inherit = "T".equalsIgnoreCase(img.header().getString("INHERIT"));
            return inherit ? new FitsImage(img.width(), img.height(), img.data(), inherit(img.header(), primary)) : img;
        } catch (FitsException e) {
            throw new ConfigException("--image " + file + ": HDU " + n + " is not readable FITS: " + e.getMessage(), e);
        }
    }

    /**
     * Each HDU up to n as its header states it, before the FITS library allocates anything: a header
     * claiming more than the file holds or than the pixel cap is refused here.
     */
    private static void checkLayouts(byte[] bytes, Path file, int n, long maxPixels) {
        long offset = 0;
        for (int i = 0; i <= n && offset < bytes.length; i++) {
            HduLayout l = HduLayout.scan(bytes, (int) offset, bytes.length, i == 0, file + "[" + i + "]", maxPixels);
            if (i == n) {
                checkTiles(bytes, (int) offset, file, n, maxPixels);
            }
            offset += l.headerBytes() + l.paddedDataBytes();
        }
    }

    /**
     * A tile-compressed image's ZNAXISn and ZTILEn, which the FITS library sizes its buffers by: each
     * a whole number, the image within the cap, each tile within the image.
     */
    private static void checkTiles(byte[] bytes, int offset, Path file, int n, long maxPixels) {
        try {
            checkTileKeys(bytes, offset, file, n, maxPixels);
        } catch (FitsFormatException e) {
            throw new ConfigException("--hdu " + n + ": " + file + " HDU " + n + ": " + e.getMessage(), e);
        }
    }

    private static void checkTileKeys(byte[] bytes, int offset, Path file, int n, long maxPixels) {
        if (!"T".equals(HduLayout.value(bytes, offset, "ZIMAGE"))) {
            return;
        }
        long pixels = 1;
        for (int k = 1; k <= 2; k++) {
            long side = whole(bytes, offset, "ZNAXIS" + k, file, n);
            String tile = HduLayout.value(bytes, offset, "ZTILE" + k);
            long t = tile == null ? 1 : whole(bytes, offset, "ZTILE" + k, file, n);
            if (side < 1 || t < 1 || t > side) {
                throw new ConfigException("--hdu " + n + ": " + file + " HDU " + n + " has ZNAXIS" + k + " = " + side
                        + " and ZTILE" + k + " = " + t + " (each must be at least 1, the tile no larger than the image)");
            }
            pixels = Math.multiplyHigh(pixels, side) != 0 ? Long.MAX_VALUE : pixels * side;
        }
        if (pixels > maxPixels) {
            throw new ConfigException("--hdu " + n + ": " + file + " HDU " + n + " is a compressed image of " + pixels
                    + " pixels, more than image.max_pixels = " + maxPixels);
        }
    }

    private static long whole(byte[] bytes, int offset, String key, Path file, int n) {
        String v = HduLayout.value(bytes, offset, key);
        try {
            return Long.parseLong(v == null ? "" : v);
        } catch (NumberFormatException e) {
            throw new ConfigException("--hdu " + n + ": " + file + " HDU " + n + ": " + key + " = '" + v
                    + "' is not a whole number");
        }
    }

    /**
     * The image of a tile-compressed HDU, its size (ZNAXISn) checked against the cap first. The FITS
     * library reports a corrupt tile or table as a runtime exception: here that is the file's fault.
     */
    private static BasicHDU<?> decompress(CompressedImageHDU c, Path file, int n, long maxPixels) {
        var h = c.getHeader();
        long w = h.getLongValue("ZNAXIS1", 0), ht = h.getLongValue("ZNAXIS2", 0);
        int axes = h.getIntValue("ZNAXIS", 0);
        if (axes != 2 || w <= 0 || ht <= 0 || w * ht > maxPixels) {
            throw new ConfigException("--hdu " + n + ": " + file + " HDU " + n + " is a compressed image of ZNAXIS = "
                    + axes + " (" + w + " x " + ht + "), not a 2-D image of at most image.max_pixels = " + maxPixels);
        }
        try {
            return c.asImageHDU();
        } catch (RuntimeException e) {
            throw new ConfigException("--image " + file + ": HDU " + n + " cannot be decompressed: " + e, e);
        }
    }

    /** The next HDU; the FITS library refuses characters it does not allow in a header with an IllegalArgumentException. */
    private static BasicHDU<?> readHdu(Fits fits, Path file, int i) throws IOException {
        try {
            return fits.readHDU();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--image " + file + ": HDU " + i + " is not readable FITS: " + e.getMessage(), e);
        }
    }

    private static FitsHeader inherit(FitsHeader own, BasicHDU<?> primary) {
        Map<String, String> cards = new LinkedHashMap<>(own.cards());
        for (var it = primary.getHeader().iterator(); it.hasNext(); ) {
            var c = it.next();
            String key = c.getKey() == null ? "" : c.getKey().trim().toUpperCase(Locale.ROOT);
            if (key.isEmpty() || key.equals("COMMENT") || key.equals("HISTORY") || key.equals("END")
                    || STRUCTURAL.contains(key)) {
                continue;
            }
            cards.putIfAbsent(key, c.getValue() == null ? "" : c.getValue().trim());
        }
        return new FitsHeader(cards);
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in), 1 << 16) : in;
    }
}
