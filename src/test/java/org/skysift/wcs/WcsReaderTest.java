package org.skysift.wcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Angles;

@Tag("plain")
class WcsReaderTest {
    private static final Predicate<String> PLATE = k -> k.startsWith("PLT") || k.startsWith("AMD");
    private static final Predicate<String> CD = k -> k.matches("CD[12]_[12]");
    private static final Predicate<String> PC = k -> k.startsWith("PC");

    private static Map<String, String> tanBase() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("CTYPE1", "RA---TAN");
        c.put("CTYPE2", "DEC--TAN");
        c.put("CRVAL1", "83.6");
        c.put("CRVAL2", "22.0");
        c.put("CRPIX1", "300.5");
        c.put("CRPIX2", "250");
        return c;
    }

    /** Largest separation over a 24 x 24 grid of pixels from 1 to n, corners included. */
    private static double maxSeparation(Wcs a, Wcs b, int n) {
        return RealHeaders.maxSeparation(a, b, n, n, 24);
    }

    @Test
    void precedenceOnTheRealM101Header() throws IOException {
        FitsHeader h = RealHeaders.header(RealHeaders.M101);
        assertThat(WcsReader.modelOf(h)).isEqualTo(WcsModel.DSS_PLATE);
        FitsHeader noPlate = RealHeaders.without(h, PLATE);
        assertThat(WcsReader.modelOf(noPlate)).isEqualTo(WcsModel.TAN_CD);
        FitsHeader noCd = RealHeaders.without(noPlate, CD);
        assertThat(WcsReader.modelOf(noCd)).isEqualTo(WcsModel.TAN_PC);
        FitsHeader noPc = RealHeaders.without(noCd, PC);
        assertThat(WcsReader.modelOf(noPc)).isEqualTo(WcsModel.TAN_CROTA);

        Wcs plate = WcsReader.fromHeader(h);
        Wcs cd = WcsReader.fromHeader(noPlate);
        // The fitted CD TAN vs the plate solution: measured 0.690" at pixel (530, 530), 0.679" at (1, 1),
        // ~0.01" at the other two corners and 0 at CRPIX.
        double cdVsPlate = maxSeparation(plate, cd, 530);
        assertThat(cdVsPlate).isBetween(0.6, 0.8);
        double[] a = plate.pixelToSky(265, 265), b = cd.pixelToSky(265, 265);
        assertThat(Angles.separationArcsec(a[0], a[1], b[0], b[1])).isLessThan(0.01);
        // The old PC001001 keys times CDELT reproduce the CD matrix (measured < 1e-4")
        assertThat(maxSeparation(cd, WcsReader.fromHeader(noCd), 530)).isLessThan(0.001);
        // CDELT + CROTA2 ignores the skew the header warns about: measured 0.374" from the plate solution
        // and 0.368" from the CD TAN. With the rotation in the wrong sense it would be ~7" off the CD TAN.
        Wcs crota = WcsReader.fromHeader(noPc);
        assertThat(maxSeparation(plate, crota, 530)).isBetween(0.3, 0.45);
        assertThat(maxSeparation(cd, crota, 530)).isLessThan(0.5);
    }

    @Test
    void oldHeaderWithOnlyThePlateSolution() throws IOException {
        FitsHeader h = RealHeaders.header(RealHeaders.UKST);
        FitsHeader plateOnly = RealHeaders.without(h, k -> k.startsWith("CTYPE") || k.startsWith("CRVAL")
                || k.startsWith("CRPIX") || k.startsWith("CDELT") || k.startsWith("CROTA") || CD.test(k) || PC.test(k));
        Wcs w = WcsReader.fromHeader(plateOnly);
        assertThat(w).isInstanceOf(DssPlateWcs.class);
        double[] sky = w.pixelToSky(50.5, 50.5);
        assertThat(Angles.separationArcsec(sky[0], sky[1], 217.483664, -62.685163)).isLessThan(0.05);
    }

    @Test
    void pcCdeltAndOldPcKeysAndCrotaGiveTheSameMatrix() {
        double s1 = -4.7e-4, s2 = 4.8e-4, rot = Math.toRadians(-27.5);
        double cos = Math.cos(rot), sin = Math.sin(rot);
        Map<String, String> cd = tanBase();
        cd.put("CD1_1", Double.toString(s1 * cos));
        cd.put("CD1_2", Double.toString(-s2 * sin));
        cd.put("CD2_1", Double.toString(s1 * sin));
        cd.put("CD2_2", Double.toString(s2 * cos));
        Map<String, String> pc = tanBase();
        pc.put("CDELT1", Double.toString(s1));
        pc.put("CDELT2", Double.toString(s2));
        pc.put("PC1_1", Double.toString(cos));
        pc.put("PC1_2", Double.toString(-sin * s2 / s1));
        pc.put("PC2_1", Double.toString(sin * s1 / s2));
        pc.put("PC2_2", Double.toString(cos));
        Map<String, String> old = tanBase();
        old.put("CDELT1", pc.get("CDELT1"));
        old.put("CDELT2", pc.get("CDELT2"));
        old.put("PC001001", pc.get("PC1_1"));
        old.put("PC001002", pc.get("PC1_2"));
        old.put("PC002001", pc.get("PC2_1"));
        old.put("PC002002", pc.get("PC2_2"));
        Map<String, String> crota = tanBase();
        crota.put("CDELT1", pc.get("CDELT1"));
        crota.put("CDELT2", pc.get("CDELT2"));
        crota.put("CROTA2", Double.toString(-27.5));
        Wcs ref = WcsReader.fromHeader(new FitsHeader(cd));
        for (Map<String, String> m : java.util.List.of(pc, old, crota)) {
            Wcs w = WcsReader.fromHeader(new FitsHeader(m));
            assertThat(maxSeparation(ref, w, 600)).isLessThan(1e-6);
        }
    }

    @Test
    void missingWcsIsAnErrorNamingWhatWasLookedFor() {
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(Map.of()))).isInstanceOf(WcsException.class)
                .hasMessageContaining("PLTRAH").hasMessageContaining("CD1_1").hasMessageContaining("PC1_1")
                .hasMessageContaining("CROTA2").hasMessageContaining("CRVAL1");
        Map<String, String> noCrpix = tanBase();
        noCrpix.remove("CRPIX2");
        noCrpix.put("CD1_1", "-4e-4");
        noCrpix.put("CD2_2", "4e-4");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(noCrpix))).hasMessageContaining("CRPIX2");
        Map<String, String> oneCdelt = tanBase();
        oneCdelt.put("CDELT1", "-4e-4");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(oneCdelt))).hasMessageContaining("CDELT2");
    }

    @Test
    void unsupportedProjectionsAndFramesAreRefused() {
        Map<String, String> sin = tanBase();
        sin.put("CTYPE1", "RA---SIN");
        sin.put("CTYPE2", "DEC--SIN");
        sin.put("CD1_1", "-4e-4");
        sin.put("CD2_2", "4e-4");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(sin))).hasMessageContaining("RA---SIN");
        Map<String, String> swapped = new LinkedHashMap<>(sin);
        swapped.put("CTYPE1", "DEC--TAN");
        swapped.put("CTYPE2", "RA---TAN");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(swapped))).hasMessageContaining("DEC--TAN");
        Map<String, String> fk4 = new LinkedHashMap<>(sin);
        fk4.put("CTYPE1", "RA---TAN");
        fk4.put("CTYPE2", "DEC--TAN");
        fk4.put("RADESYS", "FK4");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(fk4))).hasMessageContaining("FK4");
        fk4.remove("RADESYS");
        fk4.put("EQUINOX", "1950.0");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(fk4))).hasMessageContaining("EQUINOX");
        fk4.put("EQUINOX", "2000.0");
        fk4.put("LONPOLE", "0");
        assertThatThrownBy(() -> WcsReader.fromHeader(new FitsHeader(fk4))).hasMessageContaining("LONPOLE");
        fk4.put("LONPOLE", "180");
        fk4.put("RADESYS", "ICRS");
        assertThat(WcsReader.fromHeader(new FitsHeader(fk4))).isInstanceOf(TanWcs.class);
    }
}
