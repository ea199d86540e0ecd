package org.skysift.report.html;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Hand-made PNGs standing in for plots and cutouts. */
public final class PlotFixtures {
    private PlotFixtures() {}

    /** A soft star on a dark sky, placed and sized by the seed, as an 8-bit grey PNG. */
    public static void png(Path file, int w, int h, int seed) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        double cx = w / 2.0 + (seed % 7) - 3, cy = h / 2.0 + (seed % 5) - 2, s = 2 + seed % 4;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s);
                img.getRaster().setSample(x, y, 0, (int) Math.min(255, 30 + 220 * Math.exp(-r2)));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }
}
