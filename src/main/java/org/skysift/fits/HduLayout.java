package org.skysift.fits;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The size of one HDU as its header states it, read before anything is allocated for its data, so
 * that a header claiming absurd dimensions (negative, over the pixel cap, or more bytes than the file
 * holds) is refused with a message instead of an exception deep in the FITS library or an
 * OutOfMemoryError. Duplicated structural keywords are refused too: readers disagree on which copy wins.
 *
 * @param headerBytes length of the header including its padding
 * @param bitpix      BITPIX
 * @param axes        NAXIS1..NAXISn
 * @param elements    values in the data: GCOUNT * (PCOUNT + NAXIS1 * ... * NAXISn) (0 when NAXIS = 0)
 */
public record HduLayout(int headerBytes, int bitpix, long[] axes, long elements) {
    public static final int BLOCK = 2880;
    /** Longer headers than this (about 36,000 cards) are refused rather than read on. */
    public static final int MAX_HEADER_BLOCKS = 1000;
    private static final List<Integer> BITPIX = List.of(8, 16, 32, 64, -32, -64);

    /** Bytes of the data, unpadded. */
    public long dataBytes() {
        return elements * Math.abs(bitpix) / 8;
    }

    /** Bytes of the data padded to whole blocks. */
    public long paddedDataBytes() {
        return (dataBytes() + BLOCK - 1) / BLOCK * BLOCK;
    }

    /**
     * Reads a header from {@code in} (whole blocks, up to its END card) and returns those bytes;
     * the stream is left at the start of the data.
     */
    public static byte[] readHeader(InputStream in, String name) throws IOException {
        byte[] buf = new byte[BLOCK * 4];
        int len = 0;
        for (int block = 0; block < MAX_HEADER_BLOCKS; block++) {
            if (len + BLOCK > buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.readNBytes(buf, len, BLOCK);
            if (n < BLOCK) {
                throw new FitsFormatException(name + ": " + (len + n == 0 ? "empty file (no FITS header)"
                        : "the header ends after " + (len + n) + " bytes without an END card (truncated or not FITS)"));
            }
            len += BLOCK;
            if (endIn(buf, len - BLOCK, len) >= 0) {
                return java.util.Arrays.copyOf(buf, len);
            }
        }
        throw new FitsFormatException(name + ": no END card in the first " + MAX_HEADER_BLOCKS + " header blocks");
    }

    private static int endIn(byte[] b, int from, int to) {
        for (int p = from; p + 80 <= to; p += 80) {
            if (b[p] == 'E' && b[p + 1] == 'N' && b[p + 2] == 'D' && blank(b, p + 3, p + 8)) {
                return p;
            }
        }
        return -1;
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * The layout of the HDU whose header starts at {@code offset} of {@code file} (of which the first
     * {@code length} bytes are valid).
     *
     * @param primary   true for HDU 0 (SIMPLE first), false for an extension (XTENSION first)
     * @param maxPixels refuse data of more values than this (image.max_pixels)
     */
    public static HduLayout scan(byte[] file, int offset, int length, boolean primary, String name, long maxPixels) {
        HduLayout layout = header(file, offset, length, primary, name, maxPixels);
        long held = (long) length - offset - layout.headerBytes();
        if (layout.dataBytes() > held) {
            throw new FitsFormatException(name + ": truncated: the header claims " + dims(layout.axes())
                    + " values of BITPIX " + layout.bitpix() + " (" + layout.dataBytes() + " bytes) but the file holds "
                    + Math.max(0, held) + " bytes after the header");
        }
        return layout;
    }

    /** As {@link #scan} without the check that the data are there (for a header read ahead of its data). */
    public static HduLayout header(byte[] file, int offset, int length, boolean primary, String name, long maxPixels) {
        int end = endIn(file, offset, Math.min(length, offset + MAX_HEADER_BLOCKS * BLOCK));
        if (end < 0) {
            throw new FitsFormatException(name + ": " + (length - offset < 80 ? "no FITS header"
                    : "no END card in the header (truncated or not FITS)"));
        }
        String first = keyword(file, offset);
        if (!first.equals(primary ? "SIMPLE" : "XTENSION")) {
            throw new FitsFormatException(name + ": not FITS: the " + (primary ? "file" : "extension")
                    + " starts with '" + printable(first) + "', not " + (primary ? "SIMPLE" : "XTENSION"));
        }
        Map<String, String> structural = new HashMap<>();
        for (int p = offset; p < end; p += 80) {
            String key = keyword(file, p);
            if (isStructural(key)) {
                String value = value(file, p);
                String before = structural.putIfAbsent(key, value);
                if (before != null) {
                    throw new FitsFormatException(name + ": keyword " + key + " appears twice ('" + printable(before)
                            + "' and '" + printable(value) + "')");
                }
            }
        }
        int bitpix = (int) integer(structural, "BITPIX", name, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (!BITPIX.contains(bitpix)) {
            throw new FitsFormatException(name + ": BITPIX = " + bitpix + " is not one of 8, 16, 32, 64, -32, -64");
        }
        int naxis = (int) integer(structural, "NAXIS", name, 0, 999);
        long[] axes = new long[naxis];
        long product = naxis == 0 ? 0 : 1;
        for (int i = 0; i < naxis; i++) {
            axes[i] = integer(structural, "NAXIS" + (i + 1), name, 0, Long.MAX_VALUE);
            product = times(product, axes[i], name, naxis, axes);
        }
        long pcount = structural.containsKey("PCOUNT") ? integer(structural, "PCOUNT", name, 0, Long.MAX_VALUE) : 0;
        long gcount = structural.containsKey("GCOUNT") ? integer(structural, "GCOUNT", name, 0, Long.MAX_VALUE) : 1;
        long elements = naxis == 0 ? 0 : times(gcount, product + pcount, name, naxis, axes);
        if (elements > maxPixels) {
            throw new FitsFormatException(name + ": the header claims " + dims(axes) + " = " + elements
                    + " values, more than image.max_pixels = " + maxPixels);
        }
        int headerBytes = (end + 80 - offset + BLOCK - 1) / BLOCK * BLOCK;
        return new HduLayout(headerBytes, bitpix, axes, elements);
    }

    private static long times(long a, long b, String name, int naxis, long[] axes) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new FitsFormatException(name + ": the header's dimensions " + dims(axes) + " overflow");
        }
    }

    private static String dims(long[] axes) {
        StringBuilder s = new StringBuilder();
        for (long a : axes) {
            s.append(s.length() == 0 ? "" : " x ").append(a);
        }
        return s.length() == 0 ? "no axes" : s.toString();
    }

    private static boolean isStructural(String key) {
        return key.equals("BITPIX") || key.equals("NAXIS") || key.equals("PCOUNT") || key.equals("GCOUNT")
                || key.startsWith("NAXIS") && key.length() > 5 && key.substring(5).chars().allMatch(Character::isDigit);
    }

    private static long integer(Map<String, String> cards, String key, String name, long min, long max) {
        String v = cards.get(key);
        if (v == null) {
            throw new FitsFormatException(name + ": keyword " + key + " is missing");
        }
        long n;
        try {
            n = Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw new FitsFormatException(name + ": " + key + " = '" + printable(v) + "' is not an integer");
        }
        if (n < min || n > max) {
            throw new FitsFormatException(name + ": " + key + " = " + n + " is out of range (" + min + ".."
                    + (max == Long.MAX_VALUE ? "" : max) + ")");
        }
        return n;
    }

    /**
     * The value text of keyword {@code key} in the header at {@code offset}, or null when absent; a
     * keyword given twice with different values is refused (readers disagree on which one wins).
     */
    public static String value(byte[] file, int offset, String key) {
        int end = endIn(file, offset, Math.min(file.length, offset + MAX_HEADER_BLOCKS * BLOCK));
        String found = null;
        for (int p = offset; p < end; p += 80) {
            if (keyword(file, p).equals(key)) {
                String v = value(file, p);
                if (found != null && !found.equals(v)) {
                    throw new FitsFormatException("keyword " + key + " appears twice ('" + printable(found) + "' and '"
                            + printable(v) + "')");
                }
                found = v;
            }
        }
        return found;
    }

    private static String keyword(byte[] f, int p) {
        return new String(f, p, 8, StandardCharsets.ISO_8859_1).trim();
    }

    /** The value field of a card (after "= ", before a comment), trimmed; "" for a card without "= ". */
    private static String value(byte[] f, int p) {
        if (f[p + 8] != '=') {
            return "";
        }
        String v = new String(f, p + 10, 70, StandardCharsets.ISO_8859_1);
        int slash = v.indexOf('/');
        return (slash >= 0 ? v.substring(0, slash) : v).trim();
    }

    /** Text safe to print: control and non-ASCII characters as '?', cut at 40 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 32 && c < 127 ? c : '?');
        }
        return b.length() > 40 ? b.substring(0, 40) + "..." : b.toString();
    }
}
