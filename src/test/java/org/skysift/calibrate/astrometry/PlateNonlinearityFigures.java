package org.skysift.calibrate.astrometry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Gnomonic;
import org.skysift.testing.SharedData;
import org.skysift.wcs.DssPlateWcs;

/**
 * How far a real DSS plate solution departs, over one 60' tile, from the best TAN at the tile centre,
 * and how much of that each polynomial degree of the refit takes out: the departure a TAN-only header
 * (a DSS cutout's CD, a tan_fallback tile) leaves for the refit. Full-plate header of XE133 (POSS-I E);
 * tiles on the plate's diagonal; 21 x 21 exact points per tile.
 */
public final class PlateNonlinearityFigures {
    private PlateNonlinearityFigures() {}

    public static void main(String[] args) throws Exception {
        JsonNode header = new ObjectMapper().readTree(
                SharedData.require("plates/dss1red_XE133.fits.header.json").toFile()).get("header");
        Map<String, String> cards = new LinkedHashMap<>();
        header.fields().forEachRemaining(e -> cards.put(e.getKey().toUpperCase(Locale.ROOT), e.getValue().asText()));
        DssPlateWcs plate = DssPlateWcs.fromHeader(new FitsHeader(cards));
        double scale = plate.pixelScaleArcsec();
        int side = (int) Math.round(3600 / scale);
        for (double off : new double[] {0, 1.5, 3.0, 4.0}) {
            double d = off * 3600 / scale / Math.sqrt(2);
            double xc = 7000 + d, yc = 7000 + d;
            double[] c = plate.pixelToSky(xc, yc);
            Gnomonic g = Gnomonic.at(c[0], c[1]);
            // the local TAN: the plate solution's Jacobian at the centre, by central differences
            double h = 1;
            double[] px = diff(g, plate, xc + h, yc, xc - h, yc, h), py = diff(g, plate, xc, yc + h, xc, yc - h, h);
            int n = 21, k = 0;
            double[] u = new double[n * n], v = new double[n * n], ox = new double[n * n], oy = new double[n * n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double x = xc + (i / (n - 1.0) - 0.5) * side, y = yc + (j / (n - 1.0) - 0.5) * side;
                    double[] t = g.project(plate.pixelToSky(x, y)[0], plate.pixelToSky(x, y)[1]);
                    double tanXi = px[0] * (x - xc) + py[0] * (y - yc), tanEta = px[1] * (x - xc) + py[1] * (y - yc);
                    u[k] = (x - xc) / (side / 2.0);
                    v[k] = (y - yc) / (side / 2.0);
                    ox[k] = (t[0] - tanXi) * 3600;
                    oy[k] = (t[1] - tanEta) * 3600;
                    sum += ox[k] * ox[k] + oy[k] * oy[k];
                    k++;
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "XE133 tile %.1f deg from the plate centre: TAN-only rms %.4f\"", off, Math.sqrt(sum / k)));
            for (int degree = 1; degree <= 4; degree++) {
                DistortionFit f = DistortionFit.fit(degree, u, v, ox, oy, 1000.0);
                double r = 0;
                for (int q = 0; q < k; q++) {
                    r += f.residualXi()[q] * f.residualXi()[q] + f.residualEta()[q] * f.residualEta()[q];
                }
                line.append(String.format(Locale.ROOT, ", degree %d %.5f\"", degree, Math.sqrt(r / k)));
            }
            System.out.println(line);
        }
    }

    private static double[] diff(Gnomonic g, DssPlateWcs w, double x1, double y1, double x0, double y0, double h) {
        double[] a = g.project(w.pixelToSky(x1, y1)[0], w.pixelToSky(x1, y1)[1]);
        double[] b = g.project(w.pixelToSky(x0, y0)[0], w.pixelToSky(x0, y0)[1]);
        return new double[] {(a[0] - b[0]) / (2 * h), (a[1] - b[1]) / (2 * h)};
    }
}
