package org.skysift.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** SkySift's own version, from the filtered skysift.properties resource. */
public final class Versions {
    private Versions() {}

    public static String skysift() {
        try (InputStream in = Versions.class.getResourceAsStream("/skysift.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
