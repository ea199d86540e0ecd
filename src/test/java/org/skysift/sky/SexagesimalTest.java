package org.skysift.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class SexagesimalTest {
    private static final double EPS = 1e-9;

    @Test
    void raInHoursMinutesSecondsInEveryNotation() {
        double expected = 15.0 * (10 + 42 / 60.0 + 44.2 / 3600.0); // 160.68416666...
        assertThat(Sexagesimal.ra("10:42:44.2")).isCloseTo(expected, within(EPS));
        assertThat(Sexagesimal.ra(" 10 42 44.2 ")).isCloseTo(expected, within(EPS));
        assertThat(Sexagesimal.ra("10h42m44.2s")).isCloseTo(expected, within(EPS));
        assertThat(Sexagesimal.ra("10h 42m 44.2s")).isCloseTo(expected, within(EPS));
        assertThat(Sexagesimal.ra("10:42.5")).isCloseTo(15.0 * (10 + 42.5 / 60.0), within(EPS));
        assertThat(Sexagesimal.ra("00:00:00")).isZero();
    }

    @Test
    void plainNumbersAreDegreesAndDegreeLettersMakeSexagesimalRaDegrees() {
        assertThat(Sexagesimal.ra("160.684")).isEqualTo(160.684);
        assertThat(Sexagesimal.ra("1.5e2")).isEqualTo(150.0);
        assertThat(Sexagesimal.ra("160d41m03s")).isCloseTo(160 + 41 / 60.0 + 3 / 3600.0, within(EPS));
        assertThat(Sexagesimal.dec("41.269")).isEqualTo(41.269);
        assertThat(Sexagesimal.dec("-41.269")).isEqualTo(-41.269);
    }

    @Test
    void declinationKeepsTheSignOfAZeroDegreeField() {
        assertThat(Sexagesimal.dec("+41:16:09")).isCloseTo(41 + 16 / 60.0 + 9 / 3600.0, within(EPS));
        assertThat(Sexagesimal.dec("-00:30:00")).isCloseTo(-0.5, within(EPS));
        assertThat(Sexagesimal.dec("-0 30 00")).isCloseTo(-0.5, within(EPS));
        assertThat(Sexagesimal.dec("+41d16m09s")).isCloseTo(41 + 16 / 60.0 + 9 / 3600.0, within(EPS));
        assertThat(Sexagesimal.dec("-12\u00b030'00\"")).isCloseTo(-12.5, within(EPS));
        assertThat(Sexagesimal.dec("-90:00:00")).isEqualTo(-90.0);
    }

    @Test
    void limitsOfEachField() {
        assertThat(Sexagesimal.ra("24:00:00")).as("24h is 0h, like RA 360").isZero();
        assertThat(Sexagesimal.ra("360")).isZero();
        assertThat(Sexagesimal.ra("23:59:59.999")).isCloseTo(360.0 - 15.0 * 0.001 / 3600, within(1e-9));
        assertThatThrownBy(() -> Sexagesimal.ra("24:00:01")).hasMessage("ra '24:00:01': outside [0, 24] hours");
        assertThatThrownBy(() -> Sexagesimal.ra("10:42:60")).hasMessage("ra '10:42:60': seconds 60 not below 60");
        assertThatThrownBy(() -> Sexagesimal.ra("10:60:00")).hasMessage("ra '10:60:00': minutes 60 not below 60");
        assertThatThrownBy(() -> Sexagesimal.ra("360.5")).hasMessage("ra '360.5': outside [0, 360] degrees");
        assertThatThrownBy(() -> Sexagesimal.ra("-10:00:00")).hasMessage("ra '-10:00:00': negative");
        assertThatThrownBy(() -> Sexagesimal.dec("90.01")).hasMessage("dec '90.01': outside [-90, 90] degrees");
        assertThatThrownBy(() -> Sexagesimal.dec("+90:00:01")).hasMessage("dec '+90:00:01': outside [0, 90] degrees");
        assertThatThrownBy(() -> Sexagesimal.dec("-91")).hasMessage("dec '-91': outside [-90, 90] degrees");
    }

    @Test
    void garbageNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> Sexagesimal.ra("M31")).hasMessage("ra 'M31': not a number or sexagesimal angle (2 or 3 fields)");
        assertThatThrownBy(() -> Sexagesimal.ra("not-a-number")).hasMessage("ra 'not-a-number': not a number or sexagesimal angle");
        assertThatThrownBy(() -> Sexagesimal.dec("41d16m0x")).hasMessage("dec '41d16m0x': not a number or sexagesimal angle");
        assertThatThrownBy(() -> Sexagesimal.dec("")).hasMessage("dec '': empty");
        assertThatThrownBy(() -> Sexagesimal.dec("NaN")).hasMessage("dec 'NaN': not a number or sexagesimal angle");
        assertThatThrownBy(() -> Sexagesimal.dec("1d")).hasMessage("dec '1d': not a number or sexagesimal angle (2 or 3 fields)");
        assertThatThrownBy(() -> Sexagesimal.ra("10:4x:00")).hasMessageStartingWith("ra '10:4x:00': ");
        assertThatThrownBy(() -> Sexagesimal.ra("10.5:42:00")).hasMessage("ra '10.5:42:00': field '10.5' is not a whole number");
        assertThatThrownBy(() -> Sexagesimal.ra("1:2:3:4")).hasMessage("ra '1:2:3:4': not a number or sexagesimal angle (2 or 3 fields)");
    }
}
