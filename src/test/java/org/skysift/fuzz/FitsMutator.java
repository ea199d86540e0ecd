package org.skysift.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic FITS mutations: file {@code i} of a corpus made with seed {@code s} is always the same
 * bytes. Each mutant takes one to three mutations, header ones first (on the cards of the seed's image
 * header), then pixel ones, then byte ones (bit flips, truncation, gzip) on the whole file.
 */
final class FitsMutator {
    /** A mutated file; {@code mutations} names what was done, e.g. "naxis2=-1+truncate@5123". */
    record Mutant(String name, String mutations, byte[] bytes, int hdu) {}

    enum Kind {
        BIT_FLIPS, HEADER_BIT_FLIPS, TRUNCATE, NAXIS, NAXIS_COUNT, BITPIX, SCALING, DROP_END, NON_ASCII, DUPLICATE_KEY,
        CONTINUE, WCS, DSS_PLATE, NONFINITE_PIXELS, EXTREME_PIXELS, KEY_VALUES, GZIP, LONG_HEADER, TRAILING_JUNK
    }

    private static final String[] NAXIS_VALUES = {"0", "-1", "-200", "1", "15", "16", "100000", "2147483647",
            "-2147483648", "46341", "65536", "16385", "1.5", "'200'", "", "9999999999", "200 200", "2E2", "T"};
    private static final String[] BITPIX_VALUES = {"0", "7", "12", "24", "128", "-8", "-16", "-128", "'X'", "8", "32",
            "64", "-32", "-64", "16.0", "", "F"};
    private static final String[] ODD_NUMBERS = {"0", "-1", "1E308", "-1E308", "1E-320", "'NAN'", "'abc'", "1E999",
            "32768.5", "99999999999999999999", "NaN", "Infinity", "-0.0", "T", "''", "1D400", "65535", "-32768"};
    private static final String[] WCS_KEYS = {"CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2", "CD2_1",
            "CD2_2", "CDELT1", "CDELT2", "CROTA2", "PC1_1", "PC2_2", "LONPOLE", "EQUINOX", "A_ORDER", "A_1_1", "B_0_2",
            "A_0_2"};
    private static final String[] WCS_VALUES = {"0", "1E300", "-1E300", "95.0", "-95.0", "1000000.0", "-400", "360.0",
            "'NAN'", "NaN", "1E-300", "180", "99", "-1", "'x'", "20", "1E5"};
    private static final String[] CTYPES = {"'RA---XYZ'", "'DEC--TAN'", "'RA---TAN'", "''", "'GLON-TAN'", "'RA---SIN'",
            "'RA---TAN-SIP'", "'LINEAR'", "42"};
    private static final String[] DSS_KEYS = {"PLTSCALE", "XPIXELSZ", "YPIXELSZ", "PPO1", "PPO3", "PPO5", "PPO6",
            "PLTRAH", "PLTRAM", "PLTRAS", "PLTDECD", "PLTDECM", "PLTDECS", "PLTDECSN", "CNPIX1", "CNPIX2", "AMDX1",
            "AMDX2", "AMDX3", "AMDY1", "AMDY2", "AMDY3", "AMDX7", "AMDX13", "AMDY20"};
    private static final String[] DSS_VALUES = {"0", "-1", "1E10", "-1E10", "1E300", "NaN", "'-'", "'?'", "100",
            "-2147483648", "1E-30", "67.2", "'+'", "''", "99999"};
    private static final String[] KEY_VALUE_KEYS = {"GAIN", "SATURATE", "DATAMAX", "EXPTIME", "DATE-OBS", "MJD-OBS",
            "EPOCH", "EQUINOX", "SIMPLE", "EXTEND", "INHERIT", "ZBITPIX", "ZNAXIS1", "ZNAXIS2", "ZTILE1", "ZTILE2",
            "ZCMPTYPE", "TFORM1", "NAXIS1", "NAXIS2", "PCOUNT", "GCOUNT", "TFIELDS", "THEAP", "ZNAXIS"};
    private static final String[] KEY_VALUE_VALUES = {"0", "-5", "NaN", "'NAN'", "1E30", "'1951-07-05T04:95:00'",
            "'99/99/99'", "'2026-13-45'", "''", "F", "T", "'RICE_1'", "'GZIP_1'", "'NOPE'", "'1PB'", "'1QB(100)'",
            "-1", "2147483647", "'x'", "1E999", "1"};

    private final List<FitsSeeds.Seed> seeds;
    private final long seed;

    FitsMutator(List<FitsSeeds.Seed> seeds, long seed) {
        this.seeds = seeds;
        this.seed = seed;
    }

    /** Mutant number {@code i} (any i >= 0), independent of the others. */
    Mutant mutant(int i) {
        Random rng = new Random(seed * 1_000_003L + i);
        FitsSeeds.Seed s = seeds.get(i % seeds.size());
        int n = 1 + (rng.nextInt(10) < 6 ? 0 : rng.nextInt(3));
        Kind[] all = Kind.values();
        List<Kind> kinds = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            kinds.add(all[rng.nextInt(all.length)]);
        }
        kinds.sort(null); // byte-level kinds act last, on the finished file
        List<String> what = new ArrayList<>();
        int hs = s.headerStart();
        byte[] prefix = Arrays.copyOfRange(s.bytes(), 0, hs);
        int he = FitsCards.headerEnd(s.bytes(), hs);
        List<String> cards = FitsCards.cards(s.bytes(), hs);
        byte[] data = Arrays.copyOfRange(s.bytes(), he, s.bytes().length);
        boolean end = true;
        List<String> extra = new ArrayList<>();
        for (Kind k : kinds) {
            switch (k) {
                case NAXIS -> {
                    String key = rng.nextBoolean() ? "NAXIS1" : "NAXIS2";
                    String v = pick(rng, NAXIS_VALUES);
                    FitsCards.set(cards, key, v);
                    what.add(key.toLowerCase() + "=" + v);
                }
                case NAXIS_COUNT -> {
                    String v = pick(rng, new String[] {"0", "1", "3", "-1", "999", "1000", "2", "'2'"});
                    FitsCards.set(cards, "NAXIS", v);
                    if (v.equals("3") && rng.nextBoolean()) {
                        cards.add(FitsCards.indexOf(cards, "NAXIS2") + 1, FitsCards.card("NAXIS3", pick(rng,
                                new String[] {"1", "0", "2", "1000000"})));
                    }
                    what.add("naxis=" + v);
                }
                case BITPIX -> {
                    String v = pick(rng, BITPIX_VALUES);
                    FitsCards.set(cards, "BITPIX", v);
                    what.add("bitpix=" + v);
                }
                case SCALING -> {
                    String key = pick(rng, new String[] {"BZERO", "BSCALE", "BLANK"});
                    String v = pick(rng, ODD_NUMBERS);
                    FitsCards.set(cards, key, v);
                    what.add(key.toLowerCase() + "=" + v);
                }
                case DROP_END -> {
                    end = false;
                    what.add("no-end");
                }
                case NON_ASCII -> {
                    int c = rng.nextInt(cards.size());
                    char[] chars = cards.get(c).toCharArray();
                    int hits = 1 + rng.nextInt(4);
                    for (int h = 0; h < hits; h++) {
                        chars[rng.nextInt(chars.length)] = (char) (rng.nextBoolean() ? 0x80 + rng.nextInt(128) : rng.nextInt(32));
                    }
                    cards.set(c, new String(chars));
                    what.add("non-ascii@card" + c);
                }
                case DUPLICATE_KEY -> {
                    String key = rng.nextBoolean() ? pick(rng, new String[] {"NAXIS1", "NAXIS2", "BITPIX", "NAXIS",
                            "BZERO", "CRVAL1", "CD1_1", "SIMPLE", "END"}) : FitsCards.keyOf(cards.get(rng.nextInt(cards.size())));
                    String v = pick(rng, NAXIS_VALUES);
                    cards.add(rng.nextInt(cards.size() + 1), key.equals("END") ? FitsCards.pad("END") : FitsCards.card(key, v));
                    what.add("dup " + key + "=" + v);
                }
                case CONTINUE -> {
                    int count = rng.nextInt(4) == 0 ? 500 : 1 + rng.nextInt(5);
                    int at = rng.nextInt(cards.size() + 1);
                    List<String> cont = new ArrayList<>();
                    if (rng.nextBoolean()) {
                        cont.add(FitsCards.pad("OBJECT  = 'a long string value that goes on&'"));
                    }
                    for (int c = 0; c < count; c++) {
                        cont.add(FitsCards.pad(rng.nextInt(5) == 0 ? "CONTINUE  12345" : "CONTINUE  'more text&'"));
                    }
                    cards.addAll(at, cont);
                    what.add("continue x" + count);
                }
                case WCS -> {
                    if (rng.nextInt(4) == 0) {
                        String ct = pick(rng, CTYPES);
                        FitsCards.set(cards, rng.nextBoolean() ? "CTYPE1" : "CTYPE2", ct);
                        what.add("ctype=" + ct);
                    } else if (rng.nextInt(3) == 0) {
                        for (String key : new String[] {"CD1_1", "CD1_2", "CD2_1", "CD2_2"}) {
                            FitsCards.set(cards, key, "0.0");
                        }
                        if (rng.nextBoolean()) {
                            FitsCards.set(cards, "CD1_1", "1E-4");
                            FitsCards.set(cards, "CD2_1", "1E-4");
                        }
                        what.add("singular-cd");
                    } else {
                        String key = pick(rng, WCS_KEYS);
                        String v = pick(rng, WCS_VALUES);
                        FitsCards.set(cards, key, v);
                        what.add(key.toLowerCase() + "=" + v);
                    }
                }
                case DSS_PLATE -> {
                    String key = pick(rng, DSS_KEYS);
                    String v = pick(rng, DSS_VALUES);
                    FitsCards.set(cards, key, v);
                    if (rng.nextBoolean()) { // make the polynomial ill-behaved everywhere, not just one term
                        for (int t = 4; t <= 20; t++) {
                            FitsCards.set(cards, (rng.nextBoolean() ? "AMDX" : "AMDY") + t, "1E" + (rng.nextInt(12) - 2));
                        }
                        v += "+amd-wild";
                    }
                    what.add(key.toLowerCase() + "=" + v);
                }
                case NONFINITE_PIXELS -> {
                    data = nonFinite(cards, data, rng);
                    what.add("nonfinite");
                }
                case EXTREME_PIXELS -> {
                    data = extreme(cards, data, rng);
                    what.add("extreme-pixels");
                }
                case KEY_VALUES -> {
                    String key = pick(rng, KEY_VALUE_KEYS);
                    String v = pick(rng, KEY_VALUE_VALUES);
                    FitsCards.set(cards, key, v);
                    what.add(key.toLowerCase() + "=" + v);
                }
                case LONG_HEADER -> {
                    int count = rng.nextBoolean() ? 3000 : 200;
                    for (int c = 0; c < count; c++) {
                        extra.add(FitsCards.card("X" + c, Integer.toString(c)));
                    }
                    what.add("cards+" + count);
                }
                default -> { }
            }
        }
        List<String> all2 = new ArrayList<>(cards);
        all2.addAll(all2.size(), extra);
        byte[] file = FitsCards.concat(prefix, FitsCards.header(all2, end), data);
        for (Kind k : kinds) {
            switch (k) {
                case BIT_FLIPS -> {
                    int flips = 1 + rng.nextInt(rng.nextBoolean() ? 4 : 64);
                    for (int f = 0; f < flips; f++) {
                        int p = rng.nextInt(file.length);
                        file[p] ^= (byte) (1 << rng.nextInt(8));
                    }
                    what.add("flips x" + flips);
                }
                case HEADER_BIT_FLIPS -> {
                    int flips = 1 + rng.nextInt(8);
                    int headerEnd = Math.min(file.length, hs + all2.size() * 80 + 80);
                    for (int f = 0; f < flips; f++) {
                        int p = hs + rng.nextInt(Math.max(1, headerEnd - hs));
                        file[p] ^= (byte) (1 << rng.nextInt(8));
                    }
                    what.add("header-flips x" + flips);
                }
                case TRAILING_JUNK -> {
                    byte[] junk = new byte[rng.nextInt(3) * FitsCards.BLOCK + rng.nextInt(200)];
                    rng.nextBytes(junk);
                    if (rng.nextBoolean() && junk.length >= 80) {
                        System.arraycopy(FitsCards.pad("XTENSION= 'IMAGE   '").getBytes(StandardCharsets.ISO_8859_1), 0, junk, 0, 80);
                    }
                    file = FitsCards.concat(file, junk);
                    what.add("junk+" + junk.length);
                }
                default -> { }
            }
        }
        if (kinds.contains(Kind.TRUNCATE)) {
            int at = rng.nextInt(file.length);
            file = Arrays.copyOf(file, at);
            what.add("truncate@" + at);
        }
        if (kinds.contains(Kind.GZIP)) {
            file = gzip(file);
            if (rng.nextBoolean()) {
                int at = rng.nextInt(file.length);
                file = Arrays.copyOf(file, at);
                what.add("gzip+cut@" + at);
            } else {
                what.add("gzip");
            }
        }
        String label = String.join("+", what);
        String name = String.format("%05d-%s", i, s.name());
        return new Mutant(name, label.isEmpty() ? "none" : label, file, s.hdu());
    }

    private static String pick(Random rng, String[] values) {
        return values[rng.nextInt(values.length)];
    }

    /** The pixels as BITPIX -32 with NaN, +Inf or -Inf in a patch, a column, half or all of the image. */
    private static byte[] nonFinite(List<String> cards, byte[] data, Random rng) {
        int w = intOr(cards, "NAXIS1", FitsSeeds.SIZE), h = intOr(cards, "NAXIS2", FitsSeeds.SIZE);
        float[] px = asFloats(cards, data, w, h);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float v = bad[rng.nextInt(3)];
        int mode = rng.nextInt(4);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean hit = switch (mode) {
                    case 0 -> x > w / 3 && x < w / 2 && y > h / 3 && y < h / 2;
                    case 1 -> x == w / 2;
                    case 2 -> y < h / 2 + 1;
                    default -> true;
                };
                if (hit || rng.nextInt(100) == 0) {
                    px[y * w + x] = hit ? v : bad[rng.nextInt(3)];
                }
            }
        }
        return floatHeaderAndData(cards, px);
    }

    /** A constant, zero, saturated, huge or checkerboard image. */
    private static byte[] extreme(List<String> cards, byte[] data, Random rng) {
        int w = intOr(cards, "NAXIS1", FitsSeeds.SIZE), h = intOr(cards, "NAXIS2", FitsSeeds.SIZE);
        float[] px = asFloats(cards, data, w, h);
        int mode = rng.nextInt(5);
        for (int i = 0; i < px.length; i++) {
            px[i] = switch (mode) {
                case 0 -> 1234f;
                case 1 -> 0f;
                case 2 -> 65535f;
                case 3 -> (i % 2 == 0 ? 3e38f : -3e38f);
                default -> ((i % w + i / w) % 2) * 60000f;
            };
        }
        return floatHeaderAndData(cards, px);
    }

    private static byte[] floatHeaderAndData(List<String> cards, float[] px) {
        FitsCards.set(cards, "BITPIX", "-32");
        FitsCards.remove(cards, "BZERO");
        FitsCards.remove(cards, "BSCALE");
        FitsCards.remove(cards, "BLANK");
        return FitsSeeds.floatData(px);
    }

    /** The seed's pixels (BITPIX 16 + BZERO, or -32), or zeros when the header was already changed. */
    private static float[] asFloats(List<String> cards, byte[] data, int w, int h) {
        float[] px = new float[w * h];
        String bitpix = FitsCards.valueOf(cards.get(Math.max(0, FitsCards.indexOf(cards, "BITPIX"))));
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < px.length; i++) {
            if (bitpix.equals("16") && b.remaining() >= 2) {
                px[i] = b.getShort() + 32768f;
            } else if (bitpix.equals("-32") && b.remaining() >= 4) {
                px[i] = b.getFloat();
            }
        }
        return px;
    }

    private static int intOr(List<String> cards, String key, int fallback) {
        int i = FitsCards.indexOf(cards, key);
        try {
            int v = i < 0 ? fallback : Integer.parseInt(FitsCards.valueOf(cards.get(i)));
            return v > 0 && v <= 4096 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
