package org.skysift.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Tile;
import org.skysift.synth.Realism;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;

/**
 * Writes the first plate of EndToEndAccuracyTest (seed 2024, tile 101, Realism.PLATE, 706 x 706 px)
 * as FITS plus its truth stars as CSV, for the SExtractor comparison in
 * src/test/resources/sextractor/README.md. Usage: ComparisonPlate OUT_DIR [TILE_ID RA DEC].
 */
public final class ComparisonPlate {
    private ComparisonPlate() {}

    /** The plate of tile {@code id} at (ra, dec): 20' square, Realism.PLATE, seed 2024, seeing 2.4-4.0 px. */
    public static RenderedTile render(long id, double ra, double dec) {
        SkySiftConfig cfg = ConfigLoader.fromYamlString(
                "synthetic: {seed: 2024, vanished_density: 0, fwhm_min: 2.4, fwhm_max: 4.0}");
        SyntheticSky sky = new SyntheticSky(new SkyModel(cfg.synthetic(), cfg.image().pixelScaleArcsec()));
        return SyntheticRenderer.render(new Tile(id, ra, dec, 20, 20), sky, Realism.PLATE);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long id = args.length > 1 ? Long.parseLong(args[1]) : 101;
        double ra = args.length > 2 ? Double.parseDouble(args[2]) : 150.0;
        double dec = args.length > 3 ? Double.parseDouble(args[3]) : 20.0;
        RenderedTile t = render(id, ra, dec);
        Files.createDirectories(dir);
        Files.write(dir.resolve("plate" + id + ".fits"), t.fits());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("plate" + id + "_truth.csv")))) {
            w.println("x,y,flux,fwhm,saturated");
            for (RenderedTile.PlacedStar s : t.stars()) {
                w.printf(Locale.ROOT, "%.4f,%.4f,%.3f,%.4f,%d%n", s.x(), s.y(), s.flux(), s.fwhm(), s.saturated() ? 1 : 0);
            }
        }
        System.out.printf(Locale.ROOT, "plate %d: %dx%d, seeing %.2f px, %d stars, %d hits%n", id, t.width(),
                t.height(), t.fwhmPx(), t.stars().size(), t.artifacts().cosmicRays().size());
    }
}
