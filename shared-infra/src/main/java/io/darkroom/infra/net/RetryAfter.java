package io.darkroom.infra.net;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a {@code Retry-After} header (RFC 9110, section 10.2.3): a number of seconds, or an HTTP date in any
 * of its three forms (IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT}, the obsolete RFC 850
 * {@code Sunday, 06-Nov-94 08:49:37 GMT} and asctime {@code Sun Nov  6 08:49:37 1994}), always GMT. A date
 * in the past means "now". Callers cap the result as they cap the seconds form.
 */
public final class RetryAfter {

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}(\\.[0-9]+)?");
    /** RFC 850 years have two digits: read within 50 years of now, as RFC 9110 asks. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDateTime.now(ZoneOffset.UTC).getYear() - 50)
            .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().appendPattern("EEE MMM ")
            .padNext(2).appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
            .appendPattern(" HH:mm:ss yyyy").toFormatter(Locale.US);
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME);

    private RetryAfter() {
    }

    /**
     * @param value the header's value
     * @param now   the present, to turn a date into a wait
     * @return how long to wait, never negative; empty when the value is neither form
     */
    public static Optional<Duration> parse(String value, Instant now) {
        String trimmed = value.strip();
        if (SECONDS.matcher(trimmed).matches()) {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(trimmed) * 1000)));
        }
        return date(trimmed).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    private static Optional<Instant> date(String text) {
        for (DateTimeFormatter format : DATES) {
            try {
                return Optional.of(format == DateTimeFormatter.RFC_1123_DATE_TIME
                        ? java.time.ZonedDateTime.parse(text, format).toInstant()
                        : LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                // not this form: try the next
            }
        }
        return Optional.empty();
    }
}
