package org.skysift.calibrate.astrometry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.util.FitsOutputStream;
import org.skysift.testing.Prerequisites;
import org.skysift.catalog.RefStar;
import org.skysift.extract.Source;
import org.skysift.sky.Gnomonic;

/**
 * Runs Debian's SCAMP on a {@link RefitBench} plate: our extraction (XWIN positions, the refit's error
 * model) and the synthetic reference as FITS_LDAC catalogues, ASTREF_CATALOG FILE, no pattern
 * matching (the header WCS is already within the distortion), distortion degree as given. Reads back
 * the TPV solution it writes to the .head file and the reference residuals from its XML.
 */
final class ScampRun {
    static final Path SCAMP = Path.of("/usr/bin/scamp");

    /** The solution as pixel -> sky, and SCAMP's own figures. */
    record Solution(Map<String, Double> head, double sigmaRefArcsec, int nRef, String log) {

        /** TPV: intermediate (x, y) from CD·(p − CRPIX), xi = Σ PV1_k t_k(x, y), eta = Σ PV2_k t_k(y, x). */
        double[] pixelToSky(double px, double py) {
            double dx = px - head.get("CRPIX1"), dy = py - head.get("CRPIX2");
            double x = head.get("CD1_1") * dx + head.get("CD1_2") * dy;
            double y = head.get("CD2_1") * dx + head.get("CD2_2") * dy;
            double xi = tpv(1, x, y), eta = tpv(2, y, x);
            return Gnomonic.at(head.get("CRVAL1"), head.get("CRVAL2")).deproject(xi, eta);
        }

        private double tpv(int axis, double x, double y) {
            double r = Math.hypot(x, y);
            double[] t = {1, x, y, r, x * x, x * y, y * y, x * x * x, x * x * y, x * y * y, y * y * y, r * r * r,
                x * x * x * x, x * x * x * y, x * x * y * y, x * y * y * y, y * y * y * y};
            double s = 0;
            for (int k = 0; k < t.length; k++) {
                Double c = head.get("PV" + axis + "_" + k);
                if (c == null && k == 1 && !head.containsKey("PV" + axis + "_0")) {
                    c = 1.0; // no PV at all: plain TAN
                }
                s += c == null ? 0 : c * t[k];
            }
            return s;
        }
    }

    /** SCAMP's path, or a skip (a failure under CI=true, where the package must be installed). */
    static Path require() {
        if (!Files.isExecutable(SCAMP)) {
            throw Prerequisites.missing("no " + SCAMP, "apt-get install scamp");
        }
        return SCAMP;
    }

    static Solution run(RefitBench b, Path dir, int degree) throws Exception {
        Files.createDirectories(dir);
        Path cat = dir.resolve("plate.cat"), ref = dir.resolve("ref.cat");
        writeObjects(cat, headerCards(b.plate.fits()), b.header, b.plate.wcs().pixelScaleArcsec());
        writeReference(ref, b.refs, b.plate.epoch());
        List<String> cmd = List.of(SCAMP.toString(), cat.getFileName().toString(), "-c", "/dev/null",
                "-ASTREF_CATALOG", "FILE", "-ASTREFCAT_NAME", "ref.cat", "-ASTREFCENT_KEYS", "X_WORLD,Y_WORLD",
                "-ASTREFERR_KEYS", "ERRA_WORLD,ERRB_WORLD,ERRTHETA_WORLD", "-ASTREFMAG_KEY", "MAG",
                "-ASTREFMAGERR_KEY", "MAGERR", "-ASTREFOBSDATE_KEY", "OBSDATE",
                "-MATCH", "N", "-SOLVE_PHOTOM", "N", "-DISTORT_DEGREES", Integer.toString(degree),
                "-CROSSID_RADIUS", "3.0", "-SN_THRESHOLDS", "20,100", "-ASTR_ACCURACY", "0.01",
                "-CHECKPLOT_TYPE", "NONE", "-WRITE_XML", "Y", "-XML_NAME", "scamp.xml", "-VERBOSE_TYPE", "NORMAL",
                "-NTHREADS", "1");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("scamp failed:\n" + log);
        }
        Map<String, Double> head = readHead(dir.resolve("plate.head"));
        String xml = Files.readString(dir.resolve("scamp.xml"));
        return new Solution(head, xmlField(xml, "AstromSigma_Reference"), (int) xmlField(xml, "NDeg_Reference"),
                log);
    }

    /** First value of a FIELD of the fields table in SCAMP's XML (the first number of the cell). */
    static double xmlField(String xml, String name) {
        int fieldsAt = xml.indexOf("<TABLE ID=\"Fields\"");
        List<String> names = new ArrayList<>();
        int i = fieldsAt;
        int dataAt = xml.indexOf("<DATA>", fieldsAt);
        while ((i = xml.indexOf("<FIELD name=\"", i + 1)) > 0 && i < dataAt) {
            names.add(xml.substring(i + 13, xml.indexOf('"', i + 13)));
        }
        int col = names.indexOf(name);
        if (col < 0) {
            throw new IllegalStateException("no field " + name + " in scamp.xml: " + names);
        }
        int td = xml.indexOf("<TR>", dataAt);
        for (int k = 0; k <= col; k++) {
            td = xml.indexOf("<TD>", td + 1);
        }
        String cell = xml.substring(td + 4, xml.indexOf("</TD>", td)).trim();
        return Double.parseDouble(cell.split("\\s+")[0]);
    }

    static Map<String, Double> readHead(Path head) throws IOException {
        Map<String, Double> out = new HashMap<>();
        for (String line : Files.readAllLines(head, StandardCharsets.ISO_8859_1)) {
            if (line.length() > 10 && line.charAt(8) == '=') {
                String v = line.substring(10).split("/")[0].trim();
                try {
                    out.put(line.substring(0, 8).trim(), Double.parseDouble(v));
                } catch (NumberFormatException notNumber) {
                    // strings (CTYPE, RADESYS, ...) are not needed
                }
            }
        }
        return out;
    }

    /** The 80-character cards of a FITS file's primary header, END included. */
    static List<String> headerCards(byte[] fits) {
        List<String> cards = new ArrayList<>();
        for (int at = 0; at + 80 <= fits.length; at += 80) {
            String c = new String(fits, at, 80, StandardCharsets.US_ASCII);
            cards.add(c);
            if (c.startsWith("END     ")) {
                break;
            }
        }
        return cards;
    }

    private static void writeObjects(Path file, List<String> cards, List<Source> sources, double scale)
            throws Exception {
        int n = sources.size();
        double[] x = new double[n], y = new double[n];
        float[] ea = new float[n], eb = new float[n], et = new float[n], flux = new float[n], fluxErr = new float[n];
        float[] radius = new float[n], elong = new float[n];
        short[] flags = new short[n];
        for (int i = 0; i < n; i++) {
            Source s = sources.get(i);
            x[i] = s.x();
            y[i] = s.y();
            // the refit's error model, so that both weigh the stars alike
            ea[i] = eb[i] = (float) (TileRefit.positionError(s, scale) / scale);
            flux[i] = (float) s.fluxAuto();
            fluxErr[i] = (float) s.fluxerrAuto();
            radius[i] = (float) s.halfLightRadius();
            elong[i] = (float) s.elongation();
            flags[i] = (short) s.flags();
        }
        Fits f = new Fits();
        f.addHDU(BasicHDU.getDummyHDU());
        f.addHDU(imhead(cards));
        BinaryTable objects = BinaryTable.fromColumnMajor(
                new Object[] {x, y, ea, eb, et, flux, fluxErr, radius, elong, flags});
        BinaryTableHDU hdu = objects.toHDU();
        String[] names = {"XWIN_IMAGE", "YWIN_IMAGE", "ERRAWIN_IMAGE", "ERRBWIN_IMAGE", "ERRTHETAWIN_IMAGE",
            "FLUX_AUTO", "FLUXERR_AUTO", "FLUX_RADIUS", "ELONGATION", "FLAGS"};
        name(hdu, "LDAC_OBJECTS", names);
        f.addHDU(hdu);
        write(f, file);
    }

    private static void writeReference(Path file, List<RefStar> refs, double epoch) throws Exception {
        int n = refs.size();
        double[] ra = new double[n], dec = new double[n];
        float[] ea = new float[n], eb = new float[n], et = new float[n], mag = new float[n], magErr = new float[n];
        double[] date = new double[n];
        for (int i = 0; i < n; i++) {
            ra[i] = refs.get(i).ra();
            dec[i] = refs.get(i).dec();
            // the synthetic reference is exact; a token 1 mas error
            ea[i] = eb[i] = (float) (0.001 / 3600);
            mag[i] = (float) refs.get(i).mag();
            magErr[i] = 0.01f;
            date[i] = epoch;
        }
        Fits f = new Fits();
        f.addHDU(BasicHDU.getDummyHDU());
        f.addHDU(imhead(List.of(String.format(Locale.ROOT, "%-80s", "END"))));
        BinaryTableHDU hdu = BinaryTable.fromColumnMajor(new Object[] {ra, dec, ea, eb, et, mag, magErr, date}).toHDU();
        name(hdu, "LDAC_OBJECTS", new String[] {"X_WORLD", "Y_WORLD", "ERRA_WORLD", "ERRB_WORLD", "ERRTHETA_WORLD",
            "MAG", "MAGERR", "OBSDATE"});
        f.addHDU(hdu);
        write(f, file);
    }

    /** LDAC_IMHEAD: one row holding the image header as one string of 80-character cards. */
    private static BinaryTableHDU imhead(List<String> cards) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String c : cards) {
            all.append(String.format(Locale.ROOT, "%-80.80s", c));
        }
        BinaryTableHDU hdu = BinaryTable.fromColumnMajor(new Object[] {new String[] {all.toString()}}).toHDU();
        name(hdu, "LDAC_IMHEAD", new String[] {"Field Header Card"});
        hdu.getHeader().addValue("TDIM1", "(80, " + cards.size() + ")", "");
        return hdu;
    }

    private static void name(BinaryTableHDU hdu, String extname, String[] names) throws Exception {
        for (int k = 0; k < names.length; k++) {
            hdu.setColumnName(k, names[k], null);
        }
        hdu.getHeader().addValue("EXTNAME", extname, "");
    }

    private static void write(Fits f, Path file) throws Exception {
        try (FitsOutputStream out = new FitsOutputStream(Files.newOutputStream(file))) {
            f.write(out);
        }
    }
}
