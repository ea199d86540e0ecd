package org.skysift.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The 80-character cards of a FITS header as byte-preserving strings (ISO-8859-1), for mutating a
 * header and putting the file back together. Works on valid seed files: a header is the cards up to
 * and including END, padded to 2880-byte blocks.
 */
final class FitsCards {
    static final int BLOCK = 2880;
    static final int CARD = 80;

    private FitsCards() {}

    /** Byte offset just past the padded header that starts at {@code start}, or -1 without an END card. */
    static int headerEnd(byte[] f, int start) {
        for (int p = start; p + CARD <= f.length; p += CARD) {
            if (key(f, p).equals("END")) {
                int end = p + CARD;
                return start + ((end - start + BLOCK - 1) / BLOCK) * BLOCK;
            }
        }
        return -1;
    }

    private static String key(byte[] f, int p) {
        return new String(f, p, 8, StandardCharsets.ISO_8859_1).trim();
    }

    /** The cards of the header at {@code start} up to but not including END. */
    static List<String> cards(byte[] f, int start) {
        List<String> out = new ArrayList<>();
        for (int p = start; p + CARD <= f.length; p += CARD) {
            if (key(f, p).equals("END")) {
                break;
            }
            out.add(new String(f, p, CARD, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** A header from cards (END added unless {@code withEnd} is false), padded with blanks to whole blocks. */
    static byte[] header(List<String> cards, boolean withEnd) {
        StringBuilder s = new StringBuilder();
        for (String c : cards) {
            s.append(pad(c));
        }
        if (withEnd) {
            s.append(pad("END"));
        }
        while (s.length() % BLOCK != 0) {
            s.append(' ');
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String pad(String c) {
        if (c.length() >= CARD) {
            return c.substring(0, CARD);
        }
        return c + " ".repeat(CARD - c.length());
    }

    /** A fixed-format card: the value as given (numbers right-aligned, strings quoted by the caller). */
    static String card(String key, String value) {
        String k = (key + "        ").substring(0, 8);
        return pad(k + "= " + String.format(Locale.ROOT, "%20s", value));
    }

    static String keyOf(String card) {
        return card.substring(0, Math.min(8, card.length())).trim();
    }

    /** The value text of a card (between "= " and a comment slash outside quotes), trimmed. */
    static String valueOf(String card) {
        if (card.length() < 10 || card.charAt(8) != '=') {
            return "";
        }
        String v = card.substring(10);
        boolean quoted = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '/' && !quoted) {
                return v.substring(0, i).trim();
            }
        }
        return v.trim();
    }

    static int indexOf(List<String> cards, String key) {
        for (int i = 0; i < cards.size(); i++) {
            if (keyOf(cards.get(i)).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Sets a keyword's value (in place when present, else before the end), as fixed-format text. */
    static void set(List<String> cards, String key, String value) {
        int i = indexOf(cards, key);
        if (i >= 0) {
            cards.set(i, card(key, value));
        } else {
            cards.add(card(key, value));
        }
    }

    static void remove(List<String> cards, String key) {
        cards.removeIf(c -> keyOf(c).equals(key));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
