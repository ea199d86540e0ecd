package org.skysift.sky;

import java.util.ArrayList;
import java.util.List;

/**
 * Right ascension and declination as users write them, to degrees. Plain numbers are degrees.
 * Sexagesimal forms split on ':' or spaces ({@code 10:42:44.2}, {@code 10 42 44.2}) or carry unit
 * letters ({@code 10h42m44.2s}, {@code +41d16m09s}, {@code 41°16'09"}); the seconds (or minutes)
 * field may be omitted and only the last field may have a fraction. RA in sexagesimal is in hours
 * unless written with {@code d} or {@code °}. Failures are IllegalArgumentException naming the field
 * and the value.
 */
public final class Sexagesimal {
    private Sexagesimal() {}

    /** RA in degrees, [0, 360); 360 and 24:00:00 read as 0. */
    public static double ra(String text) {
        Parsed p = parse("ra", text);
        if (p.negative) {
            throw bad("ra", text, "negative");
        }
        double deg;
        if (p.fields == null) {
            deg = p.value;
            if (!(deg >= 0 && deg <= 360)) {
                throw bad("ra", text, "outside [0, 360] degrees");
            }
        } else if (p.degrees) {
            deg = check("ra", text, p, 360);
        } else {
            deg = 15.0 * check("ra", text, p, 24);
        }
        return deg == 360.0 ? 0.0 : deg;
    }

    /** Dec in degrees, [-90, 90]. */
    public static double dec(String text) {
        Parsed p = parse("dec", text);
        double deg = p.fields == null ? Math.abs(p.value) : check("dec", text, p, 90);
        if (!(deg <= 90)) {
            throw bad("dec", text, "outside [-90, 90] degrees");
        }
        return p.negative ? -deg : deg;
    }

    /** A number or sexagesimal fields, sign taken off (so -00:30 keeps its sign). */
    private record Parsed(boolean negative, double value, double[] fields, boolean degrees) {}

    private static Parsed parse(String field, String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw bad(field, text, "empty");
        }
        boolean negative = s.charAt(0) == '-' || s.charAt(0) == '\u2212';
        if (negative || s.charAt(0) == '+') {
            s = s.substring(1).trim();
        }
        boolean degrees = s.indexOf('d') >= 0 || s.indexOf('D') >= 0 || s.indexOf('\u00b0') >= 0;
        boolean units = degrees || s.matches(".*[hHmMsS'\"\u2032\u2033].*");
        if (!units && s.indexOf(':') < 0 && !s.matches(".*\\s.*")) {
            try {
                double v = Double.parseDouble(s);
                if (!Double.isFinite(v) || s.matches(".*[a-zA-Z].*") && !s.matches("[0-9.]+[eE][-+]?[0-9]+")) {
                    throw new NumberFormatException();
                }
                return new Parsed(negative, negative ? -v : v, null, true);
            } catch (NumberFormatException e) {
                throw bad(field, text, "not a number or sexagesimal angle");
            }
        }
        if (!s.matches("[0-9.:\\shHdDmMsS'\"\u00b0\u2032\u2033]+")) {
            // a word such as "not-a-number" has unit letters in it, but is no angle: say so, not which field failed
            throw bad(field, text, "not a number or sexagesimal angle");
        }
        String spaced = s.replaceAll("[:hHdDmMsS'\"\u00b0\u2032\u2033]", " ").trim();
        String[] parts = spaced.split("\\s+");
        if (parts.length < 2 || parts.length > 3) {
            throw bad(field, text, "not a number or sexagesimal angle (2 or 3 fields)");
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (!(last ? parts[i].matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+") : parts[i].matches("[0-9]+"))) {
                throw bad(field, text, "field '" + parts[i] + "' is not " + (last ? "a number" : "a whole number"));
            }
            values.add(Double.parseDouble(parts[i]));
        }
        double[] f = {values.get(0), values.get(1), values.size() > 2 ? values.get(2) : 0.0};
        return new Parsed(negative, Double.NaN, f, degrees);
    }

    /** Checks minutes and seconds below 60 and the total within [0, max]; returns the total in units of the first field. */
    private static double check(String field, String text, Parsed p, double max) {
        double[] f = p.fields;
        if (f[1] >= 60) {
            throw bad(field, text, "minutes " + fmt(f[1]) + " not below 60");
        }
        if (f[2] >= 60) {
            throw bad(field, text, "seconds " + fmt(f[2]) + " not below 60");
        }
        double total = f[0] + f[1] / 60.0 + f[2] / 3600.0;
        if (total > max) {
            throw bad(field, text, "outside [0, " + fmt(max) + "] " + (max == 24 ? "hours" : "degrees"));
        }
        return total;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static IllegalArgumentException bad(String field, String text, String why) {
        return new IllegalArgumentException(field + " '" + text + "': " + why);
    }
}
