package org.skysift.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts credentials from what a run records about itself (the config as run, Spark and Hadoop
 * properties, input locations), so a manifest can be archived and shared. A value is hidden when its
 * key looks like a credential; in any other text, URL passwords and credential-like query parameters
 * are hidden. Over-redacting a harmless key costs nothing; leaking a key costs a lot, so the key test
 * is deliberately broad.
 */
public final class Secrets {
    public static final String MASK = "***";

    // keys are compared with '.', '-' and '_' removed, so fs.s3a.secret.key, secret_key and SecretKey agree
    private static final String[] KEY_WORDS = {
        "secret", "password", "passwd", "pwd", "token", "credential", "accesskey", "apikey", "session", "privatekey",
        "signature"
    };
    // query parameter names that are credentials on their own (Azure SAS sig, API keys), matched whole
    private static final java.util.Set<String> PARAM_NAMES = java.util.Set.of("sig", "key", "auth", "code");
    // scheme://user:password@ or scheme://token@ (userinfo holds anything but '@', '/' and whitespace)
    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/@:\\s]*)(:[^/@\\s]*)?@");
    // ?name=value or &name=value or ;name=value, value up to the next separator
    private static final Pattern PARAM = Pattern.compile("([?&;])([^=&?;#\\s]+)=([^&;#\\s\"']*)");
    // name=value in free text such as JVM options (-Dfs.s3a.secret.key=...), after a space, a comma or the start
    private static final Pattern ASSIGNMENT = Pattern.compile("(^|[\\s,])(-D)?([A-Za-z0-9_.\\-]+)=([^\\s,]+)");

    private Secrets() {}

    /** True when a key (config, Spark, Hadoop or query parameter name) looks like it names a credential. */
    public static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[._\\-]", "");
        for (String w : KEY_WORDS) {
            if (k.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The text with URL passwords and credential-like query parameters masked; null stays null. */
    public static String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // a user with a password keeps the user; a lone userinfo is usually a token and goes whole
        String s = USERINFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(3) == null
                ? m.group(1) + MASK + "@"
                : m.group(1) + m.group(2) + ":" + MASK + "@"));
        Matcher m = PARAM.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            boolean secret = isSecretKey(name) || PARAM_NAMES.contains(name.toLowerCase(Locale.ROOT));
            String repl = secret && !m.group(3).isEmpty()
                    ? m.group(1) + m.group(2) + "=" + MASK
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(repl));
        }
        m.appendTail(out);
        m = ASSIGNMENT.matcher(out.toString());
        StringBuilder out2 = new StringBuilder();
        while (m.find()) {
            String repl = isSecretKey(m.group(3)) ? m.group(1) + nullToEmpty(m.group(2)) + m.group(3) + "=" + MASK : m.group();
            m.appendReplacement(out2, Matcher.quoteReplacement(repl));
        }
        m.appendTail(out2);
        return out2.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A deep copy of a JSON tree with credential-named values masked and every string passed through {@link #redactText}. */
    public static JsonNode redact(JsonNode node) {
        JsonNode copy = node.deepCopy();
        redactInPlace(copy);
        return copy;
    }

    private static void redactInPlace(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (isSecretKey(e.getKey()) && !v.isNull() && !v.isContainerNode()) {
                    e.setValue(TextNode.valueOf(MASK));
                } else if (v.isTextual()) {
                    e.setValue(TextNode.valueOf(redactText(v.textValue())));
                } else {
                    redactInPlace(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(redactText(a.get(i).textValue())));
                } else {
                    redactInPlace(a.get(i));
                }
            }
        }
    }

    /** Properties (Spark or Hadoop) sorted by key, credential-named values masked and the rest passed through {@link #redactText}. */
    public static Map<String, String> redact(Iterable<Map.Entry<String, String>> properties) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : properties) {
            out.put(e.getKey(), isSecretKey(e.getKey()) ? MASK : redactText(e.getValue()));
        }
        return out;
    }
}
