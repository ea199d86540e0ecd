package org.skysift.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;
import nom.tam.fits.header.Compression;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import nom.tam.util.FitsOutputStream;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.pipeline.Stages;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;

/**
 * The valid files the fuzzer mutates: small synthetic plates rendered by the project (TAN WCS, BITPIX
 * 16), a float copy (BITPIX -32, for NaN/Inf pixels), one carrying a real full-plate DSS plate solution
 * (AMD and PPO coefficients), a tile-compressed copy in HDU 1, and, when ../shared/data is present,
 * the real DSS cutouts (M101 cut to its first 200 x 200 pixels, the UKST one whole).
 */
final class FitsSeeds {
    /** A seed file; header mutations apply to the header at {@code headerStart}, the image is in {@code hdu}. */
    record Seed(String name, byte[] bytes, int hdu, int headerStart) {}

    /** Side of the synthetic plates and of the M101 crop in the full corpus. */
    static final int SIZE = 200;

    private FitsSeeds() {}

    static List<Seed> all(SkySiftConfig cfg, Path sharedData, int size) throws IOException {
        List<Seed> seeds = new ArrayList<>();
        byte[] synth = synthetic(cfg, 1, 30.0, 10.0, size);
        seeds.add(new Seed("synth", synth, 0, 0));
        seeds.add(new Seed("synth-dense", synthetic(cfg, 2, 266.4, -29.0, size), 0, 0));
        seeds.add(new Seed("synth-float", toFloat(synth), 0, 0));
        byte[] tiled = compressed(synth, size);
        seeds.add(new Seed("synth-compressed", tiled, 1, FitsCards.headerEnd(tiled, 0)));
        Path plate = sharedData.resolve("plates/dss1blue_POSSI-O_XO121.header.json");
        if (Files.isRegularFile(plate)) {
            seeds.add(new Seed("synth-dssplate", withPlateSolution(synth, plate), 0, 0));
        }
        Path m101 = sharedData.resolve("dss/dss1red_POSSI-E_XE133_M101.fits");
        if (Files.isRegularFile(m101)) {
            seeds.add(new Seed("dss-m101", crop(Files.readAllBytes(m101), size, size), 0, 0));
        }
        Path ukst = sharedData.resolve("dss/dss1_UKST_S134_dss.14.29.56-62.41.05.fits.gz");
        if (Files.isRegularFile(ukst)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(ukst))) {
                seeds.add(new Seed("dss-ukst", in.readAllBytes(), 0, 0));
            }
        }
        return seeds;
    }

    static byte[] synthetic(SkySiftConfig cfg, long id, double ra, double dec, int size) {
        double arcmin = size * cfg.image().pixelScaleArcsec() / 60.0;
        return SyntheticRenderer.render(new Tile(id, ra, dec, arcmin, arcmin), Stages.sky(cfg)).fits();
    }

    /** The same image as BITPIX -32 floats in physical units (no BZERO/BSCALE). */
    static byte[] toFloat(byte[] fits) throws IOException {
        FitsImage img = FitsReader.read(new ByteArrayInputStream(fits), "seed");
        List<String> cards = FitsCards.cards(fits, 0);
        FitsCards.set(cards, "BITPIX", "-32");
        FitsCards.remove(cards, "BZERO");
        FitsCards.remove(cards, "BSCALE");
        FitsCards.remove(cards, "BLANK");
        return FitsCards.concat(FitsCards.header(cards, true), floatData(img.data()));
    }

    static byte[] floatData(float[] px) {
        int n = px.length * 4;
        ByteBuffer b = ByteBuffer.allocate((n + FitsCards.BLOCK - 1) / FitsCards.BLOCK * FitsCards.BLOCK);
        for (float v : px) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** The image in HDU 1, RICE tile-compressed in rows, behind an empty primary HDU. */
    static byte[] compressed(byte[] fits, int size) throws IOException {
        try (Fits in = new Fits(new ByteArrayInputStream(fits)); Fits out = new Fits()) {
            ImageHDU image = (ImageHDU) in.readHDU();
            CompressedImageHDU c = CompressedImageHDU.fromImageHDU(image, size, 16);
            c.setCompressAlgorithm(Compression.ZCMPTYPE_RICE_1);
            c.compress();
            out.addHDU(nom.tam.fits.Fits.makeHDU((Object) null));
            out.addHDU(c);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (FitsOutputStream o = new FitsOutputStream(bytes)) {
                out.write(o);
            }
            return bytes.toByteArray();
        } catch (nom.tam.fits.FitsException e) {
            throw new IOException(e);
        }
    }

    /** The synthetic plate with its TAN WCS replaced by a real DSS plate solution (cards from the JSON header). */
    static byte[] withPlateSolution(byte[] fits, Path headerJson) throws IOException {
        JsonNode h = new ObjectMapper().readTree(headerJson.toFile()).get("header");
        List<String> cards = FitsCards.cards(fits, 0);
        for (String k : List.of("CTYPE1", "CTYPE2", "CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2", "CD2_1",
                "CD2_2", "CDELT1", "CDELT2", "EQUINOX", "RADESYS")) {
            FitsCards.remove(cards, k);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            var e = it.next();
            String k = e.getKey();
            if (k.startsWith("AMD") || k.startsWith("PPO") || k.startsWith("PLT") || k.startsWith("CNPIX")
                    || k.endsWith("PIXELSZ") || k.equals("EQUINOX") || k.equals("DATE-OBS")) {
                JsonNode v = e.getValue();
                FitsCards.set(cards, k, v.isTextual() ? "'" + v.asText() + "'" : v.isNumber()
                        ? String.format(Locale.ROOT, "%.12G", v.asDouble()) : v.asText());
            }
        }
        return FitsCards.concat(FitsCards.header(cards, true), data(fits));
    }

    /** The first w x h pixels of a 16-bit image, with its header's NAXIS1/NAXIS2 changed to match. */
    static byte[] crop(byte[] fits, int w, int h) {
        List<String> cards = FitsCards.cards(fits, 0);
        int width = Integer.parseInt(FitsCards.valueOf(cards.get(FitsCards.indexOf(cards, "NAXIS1"))));
        int bytes = Math.abs(Integer.parseInt(FitsCards.valueOf(cards.get(FitsCards.indexOf(cards, "BITPIX"))))) / 8;
        FitsCards.set(cards, "NAXIS1", Integer.toString(w));
        FitsCards.set(cards, "NAXIS2", Integer.toString(h));
        int start = FitsCards.headerEnd(fits, 0);
        byte[] out = new byte[(w * h * bytes + FitsCards.BLOCK - 1) / FitsCards.BLOCK * FitsCards.BLOCK];
        for (int y = 0; y < h; y++) {
            System.arraycopy(fits, start + y * width * bytes, out, y * w * bytes, w * bytes);
        }
        return FitsCards.concat(FitsCards.header(cards, true), out);
    }

    static byte[] data(byte[] fits) {
        int start = FitsCards.headerEnd(fits, 0);
        return java.util.Arrays.copyOfRange(fits, start, fits.length);
    }
}
