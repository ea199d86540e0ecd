package org.skysift.config;

import java.util.Collection;

/** Nearest-name suggestions for misspelt keys (Levenshtein distance). */
public final class Suggest {
    private Suggest() {}

    /** The closest candidate, or null when nothing is within half the key's length. */
    public static String nearest(String key, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key, c);
            if (d < bestD || d == bestD && best != null && c.compareTo(best) < 0) {
                bestD = d;
                best = c;
            }
        }
        return best != null && bestD <= Math.max(2, key.length() / 2) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
