package org.skysift.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.Stages;
import org.skysift.sky.Tile;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.SyntheticStar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Renders sample data from the synthetic sky: FITS tiles, the list that points at them, the
 * reference catalog covering them (truth minus vanished stars) and the withheld stars.
 */
@Command(name = "synth", mixinStandardHelpOptions = true, description = "Renders sample FITS tiles and their reference catalog.")
final class SynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into")
    Path out;

    @Option(names = "--at", paramLabel = "RA,DEC", split = ";",
            description = "Tile centres in degrees, e.g. --at 10.5,20 --at 359.9,-5 (default: three fixed fields)")
    List<String> centres = new ArrayList<>();

    @Option(names = "--size-arcmin", defaultValue = "15", description = "Tile side in arcmin (default ${DEFAULT-VALUE})")
    double sizeArcmin;

    @Option(names = "--config", paramLabel = "FILE", description = "Config whose synthetic sky to use")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        SkySiftConfig cfg = ConfigLoader.load(config, overrides);
        if (!(sizeArcmin > 0 && sizeArcmin <= 120)) {
            throw new ConfigException("--size-arcmin " + sizeArcmin + ": must be in (0, 120]");
        }
        List<double[]> at = new ArrayList<>();
        for (String c : centres.isEmpty() ? List.of("10.6847,41.2690", "359.95,-0.5", "150.1,2.2") : centres) {
            String[] p = c.split(",");
            try {
                at.add(new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())});
            } catch (RuntimeException e) {
                throw new ConfigException("--at '" + c + "': expected RA,DEC in degrees");
            }
        }
        SyntheticSky sky = Stages.sky(cfg);
        Path images = out.resolve("images");
        Files.createDirectories(images);
        try (PrintWriter list = writer(out.resolve("images.csv"));
             PrintWriter ref = writer(out.resolve("reference.csv"));
             PrintWriter vanished = writer(out.resolve("vanished.csv"))) {
            list.println("path,ra,dec");
            ref.println("id,ra,dec,mag");
            vanished.println("id,ra,dec,mag,image,x,y");
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < at.size(); i++) {
                Tile tile = new Tile(i + 1, at.get(i)[0], at.get(i)[1], sizeArcmin, sizeArcmin);
                RenderedTile r = SyntheticRenderer.render(tile, sky);
                String name = String.format(Locale.ROOT, "tile-%02d.fits", i + 1);
                try (OutputStream o = Files.newOutputStream(images.resolve(name))) {
                    o.write(r.fits());
                }
                list.printf(Locale.ROOT, "images/%s,%.6f,%.6f%n", name, tile.ra(), tile.dec());
                for (SyntheticStar s : sky.cone(tile.ra(), tile.dec(), tile.halfDiagonalDeg() + 0.05)) {
                    if (!s.vanished() && seen.add(s.id())) {
                        ref.printf(Locale.ROOT, "%s,%.7f,%.7f,%.3f%n", s.id(), s.ra(), s.dec(), s.mag());
                    }
                }
                for (RenderedTile.PlacedStar p : r.stars()) {
                    if (p.star().vanished()) {
                        vanished.printf(Locale.ROOT, "%s,%.7f,%.7f,%.3f,%s,%.2f,%.2f%n", p.star().id(), p.star().ra(),
                                p.star().dec(), p.star().mag(), name, p.x(), p.y());
                    }
                }
                System.out.printf("skysift synth: %s %dx%d px, %d stars (%d vanished)%n", images.resolve(name),
                        r.width(), r.height(), r.stars().size(), r.stars().stream().filter(p -> p.star().vanished()).count());
            }
        }
        System.out.println("skysift synth: wrote " + out.resolve("images.csv") + ", " + out.resolve("reference.csv")
                + ", " + out.resolve("vanished.csv"));
        return SkySift.OK;
    }

    private static PrintWriter writer(Path p) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8));
    }
}
