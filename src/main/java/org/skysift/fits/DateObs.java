package org.skysift.fits;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The observation time of an image, read from DATE-OBS (and TIME-OBS or UT in old headers).
 *
 * <p>Accepted: ISO {@code yyyy-mm-dd[Thh:mm[:ss[.sss]]]} (optionally 'Z'), and the pre-2000 FITS form
 * {@code dd/mm/yy} meaning 19yy. Fields out of range (minute 95, hour 24, day 31 of a 30-day month) are
 * carried over into the next unit with a warning; month 0/13 or day 0 cannot be repaired and are errors.
 * Seconds are kept to the millisecond.
 *
 * <p>{@code epoch} is a Julian epoch: 2000.0 + (JD - 2451545.0) / 365.25, the year that proper
 * motions in mas/yr are counted in. It differs from a calendar-year fraction (what the DSS EPOCH
 * keyword holds) by at most ~0.002 yr. The time scale is taken as given (UT); UT and TT differ by
 * under a minute before 1990, negligible here.
 *
 * @param iso normalised ISO-8601 date-time, {@code yyyy-MM-ddTHH:mm:ss[.SSS]} (time 00:00:00 when absent)
 * @param epoch Julian epoch in years
 * @param warning what had to be repaired (impossible fields carried over), or null
 */
public record DateObs(String iso, double epoch, String warning) implements Serializable {

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}(?:\\.\\d*)?))?)?Z?");
    private static final Pattern OLD = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}(?:\\.\\d*)?))?");
    /** J2000.0 is 2000-01-01T12:00. */
    private static final long J2000_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final double SECONDS_PER_JULIAN_YEAR = 365.25 * 86400.0;

    /**
     * Reads DATE-OBS, adding TIME-OBS (or UT) when DATE-OBS carries only a date.
     *
     * @return null when the header has no DATE-OBS
     * @throws FitsFormatException naming the keyword and value when a value cannot be read
     */
    public static DateObs fromHeader(FitsHeader h) {
        String date = h.getString("DATE-OBS");
        if (date == null || date.isBlank()) {
            return null;
        }
        String timeKey = h.has("TIME-OBS") ? "TIME-OBS" : h.has("UT") ? "UT" : null;
        return parse(date, timeKey == null ? null : h.getString(timeKey), timeKey);
    }

    /** Parses a DATE-OBS value alone. */
    public static DateObs parse(String dateObs) {
        return parse(dateObs, null, null);
    }

    /**
     * Parses a DATE-OBS value and an optional separate time (TIME-OBS / UT, {@code hh:mm[:ss.sss]}),
     * used only when the date has no time of its own.
     */
    public static DateObs parse(String dateObs, String time, String timeKey) {
        if (dateObs == null) {
            throw new FitsFormatException("DATE-OBS is missing");
        }
        String d = unquote(dateObs);
        StringBuilder warn = new StringBuilder();
        int year, month, day;
        String hh = null, mm = null, ss = null;
        Matcher m = ISO.matcher(d);
        if (m.matches()) {
            year = Integer.parseInt(m.group(1));
            month = Integer.parseInt(m.group(2));
            day = Integer.parseInt(m.group(3));
            hh = m.group(4);
            mm = m.group(5);
            ss = m.group(6);
        } else {
            Matcher o = OLD.matcher(d);
            if (!o.matches()) {
                throw new FitsFormatException("DATE-OBS = '" + dateObs
                        + "' is not a date (expected yyyy-mm-dd[Thh:mm:ss[.sss]] or dd/mm/yy)");
            }
            day = Integer.parseInt(o.group(1));
            month = Integer.parseInt(o.group(2));
            year = 1900 + Integer.parseInt(o.group(3));
        }
        if (month < 1 || month > 12 || day < 1) {
            throw new FitsFormatException("DATE-OBS = '" + dateObs + "' has an impossible "
                    + (month < 1 || month > 12 ? "month " + month : "day " + day));
        }
        String key = "DATE-OBS";
        String shown = dateObs.trim();
        if (hh == null && time != null && !unquote(time).isEmpty()) {
            Matcher t = TIME.matcher(unquote(time));
            String name = timeKey == null ? "TIME-OBS" : timeKey;
            if (!t.matches()) {
                throw new FitsFormatException(name + " = '" + time + "' is not a time (expected hh:mm[:ss.sss])");
            }
            hh = t.group(1);
            mm = t.group(2);
            ss = t.group(3);
            key = "DATE-OBS + " + name;
            shown = shown + "' + '" + time.trim();
        }
        int h = hh == null ? 0 : Integer.parseInt(hh);
        int min = mm == null ? 0 : Integer.parseInt(mm);
        double sec = ss == null ? 0 : Double.parseDouble(ss);
        long millis = Math.round(sec * 1000.0);
        long wholeSec = millis / 1000;
        long nanos = (millis % 1000) * 1_000_000L;

        // Carry impossible fields over (minute 95 -> +1 h 35 min) instead of rejecting real headers.
        int monthLength = LocalDate.of(year, month, 1).lengthOfMonth();
        boolean overflow = h > 23 || min > 59 || sec >= 60 || day > monthLength;
        LocalDateTime t = LocalDate.of(year, month, 1).atStartOfDay()
                .plusDays(day - 1L).plusHours(h).plusMinutes(min).plusSeconds(wholeSec).plusNanos(nanos);
        String iso = format(t, ss != null && nanos != 0);
        if (overflow) {
            warn.append(key).append(" = '").append(shown).append("' has impossible fields; carried over to ")
                    .append(iso);
        }
        double seconds = (t.toLocalDate().toEpochDay() - J2000_DAY) * 86400.0
                + t.toLocalTime().toNanoOfDay() / 1e9 - 43200.0;
        String warning = warn.length() == 0 ? null : warn.toString();
        return new DateObs(iso, 2000.0 + seconds / SECONDS_PER_JULIAN_YEAR, warning);
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        return t;
    }

    private static String format(LocalDateTime t, boolean fraction) {
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        if (!fraction) {
            return base;
        }
        return base + String.format(".%03d", t.getNano() / 1_000_000);
    }
}
