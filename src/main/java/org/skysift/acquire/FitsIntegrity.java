package org.skysift.acquire;

import java.nio.charset.StandardCharsets;

/**
 * Structural check that a byte array is one complete FITS file: {@code SIMPLE  =} first, whole
 * 2880-byte blocks, and every HDU's header and data (sized from BITPIX, NAXISn, PCOUNT, GCOUNT)
 * inside the bytes. It reads only the cards that size the data, so it is cheap enough to run on
 * every download and catches the usual failures of cutout services: an HTML error page with status
 * 200, a connection that ended early, a missing table extension.
 */
public final class FitsIntegrity {
    public static final int BLOCK = 2880;
    private static final int CARD = 80;
    private static final byte[] SIMPLE = "SIMPLE  =".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XTENSION = "XTENSION=".getBytes(StandardCharsets.US_ASCII);

    private FitsIntegrity() {}

    /** Null when the bytes are a complete FITS file, else why not (for an error message). */
    public static String problem(byte[] b) {
        if (b.length == 0) {
            return "empty body";
        }
        if (!startsWith(b, 0, SIMPLE)) {
            return "not FITS: starts with '" + preview(b) + "'";
        }
        if (b.length % BLOCK != 0) {
            return "truncated FITS: " + b.length + " bytes is not a whole number of 2880-byte blocks";
        }
        int hdu = 0;
        long off = 0;
        while (off < b.length) {
            if (hdu > 0 && !startsWith(b, off, XTENSION)) {
                if (allZero(b, off)) {
                    return null; // zero padding after the last HDU is harmless
                }
                return "FITS HDU " + hdu + " at byte " + off + " does not start with XTENSION=";
            }
            HduSize s = readHeader(b, (int) off, hdu);
            if (s.problem != null) {
                return s.problem;
            }
            long end = off + s.headerBytes + padded(s.dataBytes);
            if (end > b.length) {
                return "truncated FITS: HDU " + hdu + " needs " + (s.headerBytes + padded(s.dataBytes))
                        + " bytes from byte " + off + " (" + s.dataBytes + " data bytes), only "
                        + (b.length - off) + " present";
            }
            off = end;
            hdu++;
        }
        return null;
    }

    /** n rounded up to whole blocks. */
    static long padded(long n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }

    private record HduSize(long headerBytes, long dataBytes, String problem) {
        static HduSize bad(String why) {
            return new HduSize(0, 0, why);
        }
    }

    private static HduSize readHeader(byte[] b, int start, int hdu) {
        long bitpix = Long.MIN_VALUE;
        long naxis = -1;
        long[] axes = new long[1000];
        long pcount = 0;
        long gcount = 1;
        boolean groups = false;
        for (int p = start; p + CARD <= b.length; p += CARD) {
            String key = new String(b, p, 8, StandardCharsets.US_ASCII).stripTrailing();
            if (key.equals("END")) {
                long headerBytes = padded(p + CARD - start);
                if (bitpix == Long.MIN_VALUE || naxis < 0) {
                    return HduSize.bad("FITS HDU " + hdu + " header lacks " + (naxis < 0 ? "NAXIS" : "BITPIX"));
                }
                if (naxis == 0) {
                    return new HduSize(headerBytes, 0, null);
                }
                try {
                    long n = 1;
                    // Random groups (NAXIS1 = 0) leave the first axis out of the product.
                    for (int i = (groups && axes[1] == 0) ? 2 : 1; i <= naxis; i++) {
                        if (axes[i] < 0) {
                            return HduSize.bad("FITS HDU " + hdu + " lacks NAXIS" + i);
                        }
                        n = Math.multiplyExact(n, axes[i]);
                    }
                    long data = Math.multiplyExact(Math.abs(bitpix) / 8,
                            Math.multiplyExact(gcount, Math.addExact(pcount, n)));
                    return new HduSize(headerBytes, data, null);
                } catch (ArithmeticException e) {
                    return HduSize.bad("FITS HDU " + hdu + " data size overflows");
                }
            }
            if (b[p + 8] != '=' || b[p + 9] != ' ') {
                continue; // COMMENT, HISTORY, blank, or a card without a value
            }
            switch (key) {
                case "BITPIX" -> {
                    bitpix = intValue(b, p);
                    if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
                        return HduSize.bad("FITS HDU " + hdu + " BITPIX '" + value(b, p) + "' is not 8, 16, 32, 64, -32 or -64");
                    }
                }
                case "NAXIS" -> {
                    naxis = intValue(b, p);
                    if (naxis < 0 || naxis > 999) {
                        return HduSize.bad("FITS HDU " + hdu + " NAXIS '" + value(b, p) + "' is not 0..999");
                    }
                    java.util.Arrays.fill(axes, -1);
                }
                case "PCOUNT" -> pcount = intValue(b, p);
                case "GCOUNT" -> gcount = intValue(b, p);
                case "GROUPS" -> groups = value(b, p).equals("T");
                default -> {
                    if (key.startsWith("NAXIS") && key.length() > 5 && naxis >= 0) {
                        int i = parseIndex(key.substring(5));
                        if (i >= 1 && i <= naxis) {
                            axes[i] = intValue(b, p);
                            if (axes[i] < 0) {
                                return HduSize.bad("FITS HDU " + hdu + " " + key + " '" + value(b, p) + "' is negative");
                            }
                        }
                    }
                }
            }
            if (pcount < 0 || gcount < 0) {
                return HduSize.bad("FITS HDU " + hdu + " " + key + " '" + value(b, p) + "' is negative");
            }
        }
        return HduSize.bad("truncated FITS: header of HDU " + hdu + " (from byte " + start + ") has no END card");
    }

    private static int parseIndex(String s) {
        if (s.isEmpty() || s.length() > 3) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }

    /** The value field of a card: columns 11-80 up to a comment slash. */
    private static String value(byte[] b, int p) {
        String v = new String(b, p + 10, CARD - 10, StandardCharsets.US_ASCII);
        int slash = v.indexOf('/');
        return (slash >= 0 ? v.substring(0, slash) : v).strip();
    }

    /** Integer value; -1 marks garbage so the range checks above fail loudly rather than guess. */
    private static long intValue(byte[] b, int p) {
        String v = value(b, p);
        try {
            return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean startsWith(byte[] b, long off, byte[] prefix) {
        if (off + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[(int) off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] b, long from) {
        for (int i = (int) from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The first bytes as printable text, for "this was HTML" style messages. */
    static String preview(byte[] b) {
        int n = Math.min(b.length, 60);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 32 && c < 127 ? (char) c : c == '\n' || c == '\r' || c == '\t' ? ' ' : '.');
        }
        return sb.toString().strip();
    }
}
