package org.skysift.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.testing.SharedData;

@Tag("plain")
class DateObsTest {
    /** Julian epochs computed independently (Python datetime: 2000 + (t - 2000-01-01T12:00) / 365.25 d). */
    @Test
    void isoDateAndDateTime() {
        DateObs d = DateObs.parse("1953-04-12");
        assertThat(d.iso()).isEqualTo("1953-04-12T00:00:00");
        assertThat(d.epoch()).isCloseTo(1953.2772073921972, within(1e-9));
        assertThat(d.warning()).isNull();

        DateObs t = DateObs.parse("1953-04-12T05:30:00");
        assertThat(t.iso()).isEqualTo("1953-04-12T05:30:00");
        assertThat(t.epoch() - d.epoch()).isCloseTo(5.5 / 24 / 365.25, within(1e-10));

        DateObs ms = DateObs.parse("1953-04-12T05:30:00.250");
        assertThat(ms.iso()).isEqualTo("1953-04-12T05:30:00.250");
        assertThat((ms.epoch() - t.epoch()) * 365.25 * 86400).isCloseTo(0.25, within(1e-5));
        assertThat(DateObs.parse("1953-04-12T05:30:00Z").iso()).isEqualTo("1953-04-12T05:30:00");
        assertThat(DateObs.parse("'1953-04-12T05:30'").iso()).isEqualTo("1953-04-12T05:30:00");
    }

    @Test
    void epochIsJulianYearsFromJ2000() {
        assertThat(DateObs.parse("2000-01-01T12:00:00").epoch()).isEqualTo(2000.0);
        // 365.25 days after J2000.0 (2000 is a leap year) is exactly J2001.0
        assertThat(DateObs.parse("2000-12-31T18:00:00").epoch()).isCloseTo(2001.0, within(1e-12));
    }

    @Test
    void impossibleMinutesAreCarriedOverWithAWarning() {
        DateObs bad = DateObs.parse("1951-07-05T04:95:00");
        assertThat(bad.iso()).isEqualTo("1951-07-05T05:35:00");
        assertThat(bad.warning()).contains("1951-07-05T04:95:00").contains("1951-07-05T05:35:00");
        assertThat(bad.epoch()).isCloseTo(1951.5064548634878, within(1e-9));
        assertThat(bad.epoch()).isEqualTo(DateObs.parse("1951-07-05T05:35:00").epoch());
    }

    @Test
    void otherImpossibleFieldsCarryAcrossDaysMonthsAndYears() {
        assertThat(DateObs.parse("1999-12-31T23:59:60").iso()).isEqualTo("2000-01-01T00:00:00");
        assertThat(DateObs.parse("1951-06-31").iso()).isEqualTo("1951-07-01T00:00:00");
        assertThat(DateObs.parse("1951-06-31").warning())
                .isEqualTo("DATE-OBS = '1951-06-31' has impossible fields; carried over to 1951-07-01T00:00:00");
        assertThat(DateObs.parse("1951-06-30").warning()).isNull();
        assertThat(DateObs.parse("1952-02-29T24:10:00").iso()).isEqualTo("1952-03-01T00:10:00");
        assertThat(DateObs.parse("1953-02-29").iso()).isEqualTo("1953-03-01T00:00:00");
    }

    @Test
    void oldDayMonthYearFormIsNineteenHundreds() {
        DateObs d = DateObs.parse("24/04/55");
        assertThat(d.iso()).isEqualTo("1955-04-24T00:00:00");
        assertThat(d.warning()).isNull();
        assertThat(DateObs.parse("24/04/55", "06:58:00.00", "UT").iso()).isEqualTo("1955-04-24T06:58:00");
        assertThat(DateObs.parse("24/04/55", "06:58:00.00", "UT").epoch()).isCloseTo(1955.3094874134915, within(1e-9));
        DateObs carried = DateObs.parse("05/07/51", "04:95:00", "TIME-OBS");
        assertThat(carried.iso()).isEqualTo("1951-07-05T05:35:00");
        assertThat(carried.warning()).contains("TIME-OBS").contains("04:95:00");
    }

    @Test
    void separateTimeIsUsedOnlyWhenTheDateHasNone() {
        Map<String, String> cards = new LinkedHashMap<>();
        cards.put("DATE-OBS", "1955-04-24");
        cards.put("TIME-OBS", "06:58:30.5");
        assertThat(DateObs.fromHeader(new FitsHeader(cards)).iso()).isEqualTo("1955-04-24T06:58:30.500");
        cards.put("DATE-OBS", "1955-04-24T01:00:00");
        assertThat(DateObs.fromHeader(new FitsHeader(cards)).iso()).isEqualTo("1955-04-24T01:00:00");
        cards.remove("TIME-OBS");
        cards.put("DATE-OBS", "24/04/55");
        cards.put("UT", "06:58:00.00");
        assertThat(DateObs.fromHeader(new FitsHeader(cards)).iso()).isEqualTo("1955-04-24T06:58:00");
        assertThat(DateObs.fromHeader(new FitsHeader(Map.of("OBJECT", "x")))).isNull();
    }

    @Test
    void unreadableValuesAreErrorsNamingTheValue() {
        assertThatThrownBy(() -> DateObs.parse("April 1953")).isInstanceOf(FitsFormatException.class)
                .hasMessageContaining("DATE-OBS").hasMessageContaining("April 1953");
        assertThatThrownBy(() -> DateObs.parse("1951-13-01")).hasMessageContaining("1951-13-01")
                .hasMessageContaining("month 13");
        assertThatThrownBy(() -> DateObs.parse("00/04/55")).hasMessageContaining("day 0");
        assertThatThrownBy(() -> DateObs.parse("24/04/55", "6h58m", "UT")).isInstanceOf(FitsFormatException.class)
                .hasMessageContaining("UT").hasMessageContaining("6h58m");
    }

    /** The real DSS headers: DD/MM/YY + UT; their EPOCH keyword is a calendar-year fraction. */
    @Test
    void realDssHeaders() throws IOException {
        String[][] cases = {
            {"dss/dss1red_POSSI-E_XE133_M101.fits", "1955-04-24T06:58:00"},
            {"dss/dss1_UKST_S134_dss.14.29.56-62.41.05.fits.gz", "1976-03-11T17:38:00"}};
        for (String[] c : cases) {
            Path p = SharedData.require(c[0]);
            FitsHeader h;
            try (InputStream in = Files.newInputStream(p)) {
                h = FitsReader.read(in, p.toString()).header();
            }
            DateObs d = DateObs.fromHeader(h);
            assertThat(d.iso()).isEqualTo(c[1]);
            assertThat(d.warning()).isNull();
            // Julian epoch vs the header's calendar fraction: < 0.002 yr apart by construction.
            assertThat(d.epoch()).isCloseTo(h.getDouble("EPOCH"), within(0.002));
        }
    }
}
