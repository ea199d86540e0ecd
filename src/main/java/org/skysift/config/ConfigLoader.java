package org.skysift.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link SkySiftConfig}: user keys are checked against the defaults tree (unknown
 * keys rejected with the nearest valid name), merged over the defaults, bound, then range-checked.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = mapper(new ObjectMapper(new YAMLFactory()));
    private static final ObjectMapper JSON = mapper(new ObjectMapper());

    private ConfigLoader() {}

    private static ObjectMapper mapper(ObjectMapper m) {
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        m.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        // lets a one-item list be written as a scalar, e.g. image.endpoint: http://mirror/cgi-bin/dss_search
        m.configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);
        return m;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** Loads a YAML file (null = defaults only) and applies {@code key=value} overrides in order. */
    public static SkySiftConfig load(Path file, List<String> overrides) {
        JsonNode user = JsonNodeFactory.instance.objectNode();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config file not found: " + file);
            }
            try {
                JsonNode read = YAML.readTree(file.toFile());
                if (read != null && !read.isMissingNode() && !read.isNull()) {
                    if (!read.isObject()) {
                        throw new ConfigException("config file " + file + ": top level must be a mapping of keys");
                    }
                    user = read;
                }
            } catch (JsonProcessingException e) {
                throw new ConfigException("config file " + file + ": not valid YAML at line "
                        + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ConfigException("config file " + file + ": cannot be read: " + e.getMessage(), e);
            }
        }
        for (String o : overrides == null ? List.<String>of() : overrides) {
            applyOverride((ObjectNode) user, o);
        }
        return fromTree(user);
    }

    public static SkySiftConfig fromYamlString(String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            return fromTree(node == null || node.isNull() || node.isMissingNode()
                    ? JsonNodeFactory.instance.objectNode() : node);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: not valid YAML: " + e.getOriginalMessage());
        }
    }

    static SkySiftConfig fromTree(JsonNode user) {
        JsonNode defaults = JSON.valueToTree(SkySiftConfig.defaults());
        checkKeys(defaults, user, "");
        checkEpochItems(defaults, user);
        JsonNode merged = merge(defaults.deepCopy(), user);
        completeEpochItems(merged);
        SkySiftConfig config;
        try {
            config = JSON.treeToValue(merged, SkySiftConfig.class);
        } catch (MismatchedInputException e) {
            String key = pathOf(e);
            throw new ConfigException("config key '" + key + "': wrong type (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: " + firstLine(e.getOriginalMessage()));
        }
        ConfigValidator.validate(config);
        return config;
    }

    /** Serialises a config back to the YAML-shaped tree (for manifests and "config as run"). */
    public static JsonNode toTree(SkySiftConfig config) {
        return JSON.valueToTree(config);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String pathOf(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static void checkKeys(JsonNode defaults, JsonNode user, String prefix) {
        if (!user.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = user.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode d = defaults.get(e.getKey());
            if (d == null) {
                List<String> names = new ArrayList<>();
                defaults.fieldNames().forEachRemaining(n -> names.add(prefix.isEmpty() ? n : prefix + "." + n));
                String near = Suggest.nearest(key, names);
                throw new ConfigException("unknown config key '" + key + "'"
                        + (near == null ? "" : " (did you mean '" + near + "'?)"));
            }
            if (d.isObject()) {
                if (!e.getValue().isObject() && !e.getValue().isNull()) {
                    throw new ConfigException("config key '" + key + "' must be a mapping with keys " + fieldList(d));
                }
                checkKeys(d, e.getValue(), key);
            }
        }
    }

    /**
     * Items of epochs.list are checked on their own (the defaults tree has no item to compare with): keys of
     * an item against {@link SkySiftConfig.Epoch#defaults()}, keys of its image against the top-level image.
     */
    private static void checkEpochItems(JsonNode defaults, JsonNode user) {
        JsonNode list = user.path("epochs").path("list");
        if (list.isMissingNode() || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw new ConfigException("config key 'epochs.list' must be a list of epochs (each a mapping with name, frames,"
                    + " image, synthetic)");
        }
        JsonNode item = JSON.valueToTree(SkySiftConfig.Epoch.defaults());
        for (int i = 0; i < list.size(); i++) {
            String at = "epochs.list[" + i + "]";
            JsonNode e = list.get(i);
            if (!e.isObject()) {
                throw new ConfigException("config key '" + at + "' must be a mapping with keys " + fieldList(item));
            }
            ObjectNode withoutImage = ((ObjectNode) e).deepCopy();
            JsonNode image = withoutImage.remove("image");
            checkKeys(item, withoutImage, at);
            if (image != null && !image.isNull()) {
                if (!image.isObject()) {
                    throw new ConfigException("config key '" + at + ".image' must be a mapping of image keys ("
                            + fieldList(defaults.get("image")) + ")");
                }
                checkKeys(defaults.get("image"), image, at + ".image");
            }
        }
    }

    /** Each epoch item gets the defaults of the keys it leaves out. */
    private static void completeEpochItems(JsonNode merged) {
        JsonNode list = merged.path("epochs").path("list");
        if (!list.isArray()) {
            return;
        }
        com.fasterxml.jackson.databind.node.ArrayNode items = (com.fasterxml.jackson.databind.node.ArrayNode) list;
        JsonNode item = JSON.valueToTree(SkySiftConfig.Epoch.defaults());
        for (int i = 0; i < items.size(); i++) {
            items.set(i, merge(item.deepCopy(), items.get(i)));
        }
    }

    /**
     * The image section an epoch sees: the top-level one with the epoch's keys put over it.
     *
     * @param key the epoch's config key, for the error message (e.g. "epochs.list[1].image")
     */
    public static SkySiftConfig.Image epochImage(SkySiftConfig.Image top, Map<String, Object> overrides, String key) {
        ObjectNode tree = (ObjectNode) JSON.valueToTree(top);
        overrides.forEach((k, v) -> tree.set(k, JSON.valueToTree(v)));
        try {
            return JSON.treeToValue(tree, SkySiftConfig.Image.class);
        } catch (MismatchedInputException e) {
            throw new ConfigException("config key '" + key + "." + pathOf(e) + "': wrong type ("
                    + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config key '" + key + "': " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String fieldList(JsonNode d) {
        List<String> names = new ArrayList<>();
        d.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static JsonNode merge(JsonNode base, JsonNode over) {
        if (!over.isObject() || !base.isObject()) {
            return over;
        }
        ObjectNode b = (ObjectNode) base;
        over.fields().forEachRemaining(e -> {
            JsonNode existing = b.get(e.getKey());
            b.set(e.getKey(), existing == null || e.getValue().isNull() && existing.isObject()
                    ? (e.getValue().isNull() && existing != null ? existing : e.getValue())
                    : merge(existing, e.getValue()));
        });
        return b;
    }

    private static void applyOverride(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set '" + override + "': expected key=value, e.g. targets.count=20");
        }
        String key = override.substring(0, eq).trim();
        String raw = override.substring(eq + 1);
        JsonNode value;
        try {
            value = raw.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new ConfigException("--set " + key + ": value '" + raw + "' is not valid YAML");
        }
        if (value == null || value.isMissingNode()) {
            value = JsonNodeFactory.instance.nullNode();
        }
        String[] parts = key.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }
}
