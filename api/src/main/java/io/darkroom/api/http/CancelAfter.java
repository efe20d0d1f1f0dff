package io.darkroom.api.http;

import io.darkroom.api.errors.ApiException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The {@code Cancel-After} request header (as Replicate has it): how long the caller cares about the job.
 * A job not finished by then is canceled; one still queued is never sent upstream. Written as seconds
 * ({@code 90}) or with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}), from 1 s to 24 h.
 */
public final class CancelAfter {

    public static final String HEADER = "Cancel-After";
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofHours(24);

    private CancelAfter() {
    }

    /**
     * @throws ApiException 400 naming the header when it is malformed or out of range
     */
    public static Optional<Duration> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(header.strip());
        if (!matcher.matches()) {
            throw invalid(header);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
            throw invalid(header);
        }
        return Optional.of(duration);
    }

    private static ApiException invalid(String header) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", HEADER, "invalid_value",
                "Invalid Cancel-After '" + header + "': give seconds or a duration such as 30s, 5m or 2h, from 1s to 24h.");
    }
}
