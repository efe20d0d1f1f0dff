package io.darkroom.api.http;

import io.darkroom.api.errors.ApiException;
import org.springframework.http.HttpStatus;

/** The {@code limit} of a list endpoint: a whole number from 1 to the endpoint's maximum. */
public final class PageSize {

    private PageSize() {
    }

    /**
     * @param limit     the parameter as given, or null when absent
     * @param byDefault the size when {@code limit} is absent
     * @throws ApiException a 400 naming {@code limit} when it is not a whole number from 1 to {@code max}
     */
    public static int parse(String limit, int max, int byDefault) {
        if (limit == null) {
            return byDefault;
        }
        try {
            int size = Integer.parseInt(limit.strip());
            if (size >= 1 && size <= max) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // answered below with the same message as an out-of-range number
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "limit", "invalid_value",
                "'limit' is a whole number from 1 to " + max + ".");
    }
}
