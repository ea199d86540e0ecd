package org.skysift.submit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What pom.xml says about the job jar, read from the XML (not from the scripts): the version, the Spark and
 * Scala lines of the default build and of a profile, and the job jar's file name the shade plugin writes.
 */
final class PomFacts {
    private final Document pom;

    PomFacts(Path file) {
        try {
            pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    String version() {
        return child(pom.getDocumentElement(), "version").getTextContent().trim();
    }

    /** The properties of the default build, with those of {@code profile} (null = none) laid over them. */
    Map<String, String> properties(String profile) {
        Map<String, String> p = new HashMap<>();
        Element root = pom.getDocumentElement();
        p.put("project.version", version());
        p.put("project.artifactId", child(root, "artifactId").getTextContent().trim());
        p.put("project.build.directory", "target");
        putAll(p, child(root, "properties"));
        if (profile != null) {
            Element prof = profile(profile);
            if (prof == null) {
                throw new AssertionError("pom.xml has no profile " + profile);
            }
            putAll(p, child(prof, "properties"));
            // a profile may build in its own folder (spark4: target/spark4)
            Element profBuild = child(prof, "build");
            Element dir = profBuild == null ? null : child(profBuild, "directory");
            if (dir != null) {
                p.put("project.basedir", ".");
                p.put("project.build.directory", resolve(dir.getTextContent().trim(), p).replaceFirst("^\\./", ""));
            }
        }
        Element build = child(root, "build");
        Element finalName = build == null ? null : child(build, "finalName");
        p.put("project.build.finalName", finalName != null ? finalName.getTextContent().trim() : "${project.artifactId}-${project.version}");
        return p;
    }

    Element profile(String id) {
        NodeList ids = pom.getElementsByTagName("id");
        for (int i = 0; i < ids.getLength(); i++) {
            Node n = ids.item(i);
            if (n.getParentNode().getNodeName().equals("profile") && n.getTextContent().trim().equals(id)) {
                return (Element) n.getParentNode();
            }
        }
        return null;
    }

    /** target/&lt;finalName&gt;-&lt;shadedClassifierName&gt;.jar of the shade execution, properties resolved. */
    String jobJar(String profile) {
        Map<String, String> p = properties(profile);
        NodeList names = pom.getElementsByTagName("shadedClassifierName");
        if (names.getLength() != 1) {
            throw new AssertionError("expected one shadedClassifierName in pom.xml, found " + names.getLength());
        }
        String classifier = resolve(names.item(0).getTextContent().trim(), p);
        return p.get("project.build.directory") + "/" + resolve("${project.build.finalName}", p) + "-" + classifier + ".jar";
    }

    String property(String name, String profile) {
        String v = properties(profile).get(name);
        if (v == null) {
            throw new AssertionError("pom.xml has no property " + name);
        }
        return resolve(v, properties(profile));
    }

    private static final Pattern REF = Pattern.compile("\\$\\{([^}]+)}");

    static String resolve(String s, Map<String, String> props) {
        for (int depth = 0; depth < 10 && s.contains("${"); depth++) {
            Matcher m = REF.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String v = props.get(m.group(1));
                if (v == null) {
                    throw new AssertionError("pom.xml: unknown property ${" + m.group(1) + "}");
                }
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
            m.appendTail(b);
            s = b.toString();
        }
        return s;
    }

    private static void putAll(Map<String, String> p, Element properties) {
        if (properties == null) {
            return;
        }
        NodeList kids = properties.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            if (kids.item(i) instanceof Element e) {
                p.put(e.getTagName(), e.getTextContent().trim());
            }
        }
    }

    private static Element child(Element parent, String name) {
        NodeList kids = parent.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            if (kids.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
