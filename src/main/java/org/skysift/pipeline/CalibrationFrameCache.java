package org.skysift.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.skysift.calibrate.CalibrationFrames;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.io.HadoopFiles;

/** Loads the configured master frames once per executor JVM. */
final class CalibrationFrameCache {
    private static final Map<SkySiftConfig.Calibrate, CalibrationFrames> LOADED = new ConcurrentHashMap<>();

    private CalibrationFrameCache() {}

    /** Null when no frame is configured. */
    static CalibrationFrames get(SkySiftConfig.Calibrate c, Configuration conf) {
        if (c.bias() == null && c.dark() == null && c.flat() == null) {
            return null;
        }
        return LOADED.computeIfAbsent(c, k -> load(k, conf));
    }

    private static CalibrationFrames load(SkySiftConfig.Calibrate c, Configuration conf) {
        FitsImage bias = read("calibrate.bias", c.bias(), conf);
        FitsImage dark = read("calibrate.dark", c.dark(), conf);
        FitsImage flat = read("calibrate.flat", c.flat(), conf);
        FitsImage first = bias != null ? bias : dark != null ? dark : flat;
        for (FitsImage f : new FitsImage[] {bias, dark, flat}) {
            if (f != null && (f.width() != first.width() || f.height() != first.height())) {
                throw new ConfigException("calibration frames differ in shape: " + first.width() + "x" + first.height()
                        + " and " + f.width() + "x" + f.height());
            }
        }
        if (bias != null && dark != null) {
            String bu = bias.header().getString("BUNIT"), du = dark.header().getString("BUNIT");
            if (bu != null && du != null && !bu.equalsIgnoreCase(du)) {
                throw new ConfigException("calibrate.bias is in " + bu + " but calibrate.dark is in " + du);
            }
        }
        double darkExp = dark == null ? 0 : dark.header().getDouble("EXPTIME", Double.NaN);
        return new CalibrationFrames(first.width(), first.height(), bias == null ? null : bias.data(),
                dark == null ? null : dark.data(), darkExp, flat == null ? null : flat.data());
    }

    private static FitsImage read(String key, String uri, Configuration conf) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        try (InputStream in = HadoopFiles.open(uri, conf)) {
            return FitsReader.read(in, uri);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(key + " " + uri + ": " + e.getMessage(), e);
        }
    }
}
