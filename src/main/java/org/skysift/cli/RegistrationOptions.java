package org.skysift.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.epochs.StackSettings;
import picocli.CommandLine.Option;

/** The options `stack` and `diff` share: how the stars that register one image onto another are found. */
final class RegistrationOptions {
    @Option(names = "--search-px", defaultValue = "" + StackSettings.DEFAULT_SEARCH_PX, paramLabel = "PX",
            description = "How far a star may lie from where the WCS put it (default ${DEFAULT-VALUE})")
    double searchPx;

    @Option(names = "--config", paramLabel = "FILE", description = "Config whose extract section finds the stars")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. extract.back_size=128")
    List<String> overrides = new ArrayList<>();

    SkySiftConfig config() {
        return ConfigLoader.load(config, overrides);
    }
}
