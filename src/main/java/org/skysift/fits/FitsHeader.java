package org.skysift.fits;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The keyword values of one FITS header, as text, in card order. Lookups are by upper-case key. */
public record FitsHeader(Map<String, String> cards) implements Serializable {

    public FitsHeader {
        cards = Collections.unmodifiableMap(new LinkedHashMap<>(cards));
    }

    public boolean has(String key) {
        String v = cards.get(key);
        return v != null && !v.isBlank();
    }

    public String getString(String key) {
        String v = cards.get(key);
        return v == null ? null : v.trim();
    }

    /** Numeric value, or null when absent; a value that is not a number is a FitsFormatException naming the key. */
    public Double getDouble(String key) {
        String v = getString(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(v.replace('D', 'E').replace('d', 'e'));
        } catch (NumberFormatException e) {
            throw new FitsFormatException("header keyword " + key + " = '" + v + "' is not a number");
        }
    }

    public double getDouble(String key, double fallback) {
        Double d = getDouble(key);
        return d == null ? fallback : d;
    }
}
