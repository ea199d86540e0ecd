package org.skysift.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.util.FitsOutputStream;
import org.skysift.epochs.StackResult;
import org.skysift.fits.FitsHeader;

/**
 * Writes a stack as one FITS file: the stack in the primary HDU (BITPIX -32, NaN where no frame
 * covers), then image extensions WEIGHT (sum of the used frames' 1 / background variance, BITPIX -32)
 * and NFRAMES (frames used per pixel, BITPIX 16). Every HDU carries the reference frame's keywords
 * (its WCS, plate solution included, DATE-OBS, ...) so that each plane is a valid image of the
 * same grid; the keywords describing the old data layout are dropped.
 */
final class StackFits {
    private static final Set<String> DROPPED = Set.of("SIMPLE", "XTENSION", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2",
            "NAXIS3", "EXTEND", "PCOUNT", "GCOUNT", "BZERO", "BSCALE", "BLANK", "EXTNAME", "EXTVER", "INHERIT",
            "CHECKSUM", "DATASUM", "END", "COMMENT", "HISTORY", "", "GAIN");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern REAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([EeDd][-+]?\\d+)?");

    private StackFits() {}

    /**
     * @param reference the reference frame's header
     * @param extra     keywords describing the stack (NCOMBINE, GAIN, ...), written after the reference's
     */
    static void write(Path file, StackResult r, FitsHeader reference, Map<String, Object> extra) throws IOException {
        int w = r.width(), h = r.height();
        float[][] image = new float[h][w], weight = new float[h][w];
        short[][] nframes = new short[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(r.image(), y * w, image[y], 0, w);
            System.arraycopy(r.weight(), y * w, weight[y], 0, w);
            System.arraycopy(r.nframes(), y * w, nframes[y], 0, w);
        }
        write(file, reference, List.of(
                new Plane(image, extra, null, "stacked frames on the first frame's pixel grid"),
                new Plane(weight, Map.of(), "WEIGHT", "sum of 1/background variance of used frames"),
                new Plane(nframes, Map.of(), "NFRAMES", "frames used per pixel after clipping")));
    }

    /** One HDU: a 2-D array [y][x], keywords after the reference's, EXTNAME (null for the primary) and what it is. */
    record Plane(Object data, Map<String, Object> extra, String extname, String what) {}

    /** Planes of one grid as HDUs that all carry the reference frame's keywords (its WCS among them). */
    static void write(Path file, FitsHeader reference, List<Plane> planes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Fits fits = new Fits(); OutputStream raw = Files.newOutputStream(file);
             FitsOutputStream out = new FitsOutputStream(raw)) {
            for (Plane p : planes) {
                fits.addHDU(hdu(p.data(), reference, p.extra(), p.extname(), p.what()));
            }
            fits.write(out);
            out.flush();
        } catch (FitsException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static BasicHDU<?> hdu(Object data, FitsHeader reference, Map<String, Object> extra, String extname,
                                   String what) throws FitsException {
        BasicHDU<?> hdu = Fits.makeHDU(data);
        Header hd = hdu.getHeader();
        if (extname != null) {
            hd.addValue("EXTNAME", extname, what);
        }
        for (Map.Entry<String, String> c : reference.cards().entrySet()) {
            String key = c.getKey().toUpperCase(Locale.ROOT);
            if (!DROPPED.contains(key) && key.length() <= 8 && !extra.containsKey(key)) {
                try {
                    add(hd, key, c.getValue().trim());
                } catch (RuntimeException tooLongOrOdd) {
                    // a value nom-tam cannot write back (say a long string) is not part of the stack's grid
                }
            }
        }
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Double d) {
                hd.addValue(e.getKey(), d, null);
            } else if (v instanceof Integer i) {
                hd.addValue(e.getKey(), i, null);
            } else {
                hd.addValue(e.getKey(), String.valueOf(v), null);
            }
        }
        return hdu;
    }

    /** Header text back to the type it was written as, so numbers stay numbers. */
    private static void add(Header hd, String key, String v) throws FitsException {
        if (v.equals("T") || v.equals("F")) {
            hd.addValue(key, v.equals("T"), null);
        } else if (INTEGER.matcher(v).matches()) {
            hd.addValue(key, Long.parseLong(v), null);
        } else if (REAL.matcher(v).matches()) {
            hd.addValue(key, Double.parseDouble(v.replace('D', 'E').replace('d', 'e')), null);
        } else {
            hd.addValue(key, v, null);
        }
    }
}
