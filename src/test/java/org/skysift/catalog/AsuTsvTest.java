package org.skysift.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class AsuTsvTest {

    @Test
    void readsTheDocumentedLayoutWithBlanksAsNull() throws IOException {
        RawTable t = AsuTsv.parse(TestAnswers.text("usnob1_m101.tsv"), "m101");
        assertThat(t.columns()).containsExactly("USNO-B1.0", "RAJ2000", "DEJ2000", "Epoch", "pmRA", "pmDE",
                "B1mag", "R1mag", "B2mag", "R2mag", "Imag");
        assertThat(t.units().get(1)).isEqualTo("deg");
        assertThat(t.units().get(0)).isEmpty();
        assertThat(t.ucds().get(1)).isEqualTo("pos.eq.ra;meta.main");
        assertThat(t.ucds().get(4)).isEqualTo("pos.pm;pos.eq.ra");
        assertThat(t.rows()).hasSize(4);
        assertThat(t.rows().get(0).line()).isEqualTo(30);
        assertThat(t.rows().get(2).cells()[4]).isNull();
        assertThat(t.rows().get(2).cells()[7]).isNull();
        assertThat(t.problems()).isEmpty();
        assertThat(t.overflow()).isFalse();
    }

    @Test
    void usnoRowsBecomeStarsAtEpoch2000WithRedMagnitudes() throws IOException {
        RawTable t = AsuTsv.parse(TestAnswers.text("usnob1_m101.tsv"), "m101");
        StarRows.Converted c = StarRows.convert(t, CatalogSpec.USNOB1);
        assertThat(c.problems()).isEmpty();
        Map<String, RefStar> byId = c.stars().stream().collect(Collectors.toMap(RefStar::id, Function.identity()));
        RefStar a = byId.get("1443-0239281");
        assertThat(a.ra()).isEqualTo(210.802150);
        assertThat(a.dec()).isEqualTo(54.347627);
        assertThat(a.mag()).isEqualTo(12.80);          // R1mag
        assertThat(a.pmra()).isEqualTo(-4.0);
        assertThat(a.pmdec()).isEqualTo(2.0);
        assertThat(a.epoch()).isEqualTo(2000.0);        // not the 1975.4 mean observation epoch
        RefStar noR1 = byId.get("1443-0239305");
        assertThat(noR1.mag()).isEqualTo(18.92);        // falls back to R2mag
        assertThat(noR1.hasProperMotion()).isFalse();   // blank pm = unknown, not zero
        assertThat(noR1.atEpoch(1950.0)).isSameAs(noR1);
        assertThat(byId.get("1443-0239311").mag()).isNaN(); // no red magnitude at all
    }

    @Test
    void gaiaRowsCarryTheirMotionToThePlateEpoch() throws IOException {
        RawTable t = AsuTsv.parse(TestAnswers.text("gaiadr3_rows.tsv"), "gaia");
        StarRows.Converted c = StarRows.convert(t, CatalogSpec.GAIADR3);
        assertThat(c.problems()).isEmpty();
        assertThat(c.stars()).hasSize(3);
        RefStar barnard = c.stars().get(0);
        assertThat(barnard.id()).isEqualTo("4472832130942575872");
        assertThat(barnard.epoch()).isEqualTo(2016.0);
        assertThat(barnard.mag()).isEqualTo(8.193974);
        // 1951.5: 64.5 yr back at 10.39"/yr puts it 670" south and 52" east (RA larger).
        RefStar moved = RefStars.atEpoch(c.stars(), 1951.5).get(0);
        assertThat(moved.epoch()).isEqualTo(1951.5);
        assertThat((moved.dec() - barnard.dec()) * 3600).isCloseTo(-10362.394e-3 * 64.5, within(0.1));
        assertThat((moved.ra() - barnard.ra()) * 3600 * Math.cos(Math.toRadians(barnard.dec())))
                .isCloseTo(801.551e-3 * 64.5, within(0.1));
        RefStar noPm = c.stars().get(2);
        assertThat(noPm.hasProperMotion()).isFalse();
        assertThat(RefStars.atEpoch(c.stars(), 1951.5).get(2)).isSameAs(noPm);
        // BP-RP for the photometric colour term, kept through the epoch move; NaN when BP/RP are blank
        assertThat(barnard.colour()).isCloseTo(9.454693 - 7.045144, within(1e-9));
        assertThat(moved.colour()).isEqualTo(barnard.colour());
        assertThat(c.stars().get(1).colour()).isCloseTo(14.550123 - 13.501002, within(1e-9));
        assertThat(noPm.colour()).isNaN();
    }

    @Test
    void malformedRowsAreCountedWithTheirLinesAndTheRestIsKept() throws IOException {
        RawTable t = AsuTsv.parse(TestAnswers.text("usnob1_malformed.tsv"), "bad.tsv");
        StarRows.Converted c = StarRows.convert(t, CatalogSpec.USNOB1);
        assertThat(c.stars()).extracting(RefStar::id).containsExactly("1443-0239281", "1443-0239288");
        List<String> p = c.problems();
        assertThat(p).hasSize(6);
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("bad.tsv line 31:").contains("5 cells, expected 11"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("bad.tsv line 35:").contains("12 cells"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("bad.tsv line 32:").contains("RAJ2000 '21O.804000'"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("bad.tsv line 33:").contains("no position"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("bad.tsv line 34:").contains("pmRA 'x1'"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("bad.tsv line 36:").contains("out of range"));
    }

    @Test
    void anAnswerWithoutRowsIsAnEmptyList() throws IOException {
        RawTable t = AsuTsv.parse(TestAnswers.text("empty.tsv"), "empty");
        assertThat(t.columns()).isEmpty();
        assertThat(StarRows.convert(t, CatalogSpec.USNOB1).stars()).isEmpty();
        assertThat(StarRows.convert(AsuTsv.parse("", "nothing"), CatalogSpec.GAIADR3).stars()).isEmpty();
        // A header with no rows under it is an empty table too.
        String headerOnly = "#c\nSource\tRA_ICRS\tDE_ICRS\n\tdeg\tdeg\n----\t----\t----\n\n";
        RawTable h = AsuTsv.parse(headerOnly, "h");
        assertThat(h.columns()).hasSize(3);
        assertThat(StarRows.convert(h, CatalogSpec.GAIADR3).stars()).isEmpty();
    }

    @Test
    void errorsAndOverflowFromTheServiceAreRecognised() throws IOException {
        assertThatThrownBy(() -> AsuTsv.parse("#INFO\tQUERY_STATUS=ERROR\tunknown table I/999\n", "x"))
                .isInstanceOf(IOException.class).hasMessageContaining("x line 1").hasMessageContaining("unknown table");
        assertThatThrownBy(() -> AsuTsv.parse("<html><body>Service unavailable</body></html>", "y"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a tab-separated answer");
        assertThatThrownBy(() -> AsuTsv.parse("a\tb\n\tdeg\nnot dashes\tx\n1\t2\n", "z"))
                .isInstanceOf(IOException.class).hasMessageContaining("z line 3");
        RawTable over = AsuTsv.parse("#INFO\tQUERY_STATUS=OVERFLOW\na\tb\n-\t-\n1\t2\n", "o");
        assertThat(over.overflow()).isTrue();
        assertThat(over.rows()).hasSize(1);
    }

    @Test
    void aMissingPositionColumnIsAClearError() throws IOException {
        RawTable t = AsuTsv.parse("Source\tGmag\n\tmag\n---\t---\n1\t12.0\n", "nopos");
        assertThatThrownBy(() -> StarRows.convert(t, CatalogSpec.GAIADR3))
                .isInstanceOf(IOException.class).hasMessageContaining("nopos: no RA column");
    }
}
