package io.darkroom.api.errors;

import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Names the JSON type a parameter needs, in a caller's words rather than Java's. */
final class JsonTypes {

    private JsonTypes() {
    }

    static String describe(JacksonException failure) {
        if (!(failure instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null) {
            return "a value of another type";
        }
        Class<?> target = mismatch.getTargetType();
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class) {
            return "a number";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "an object";
        }
        return "a value of another type";
    }
}
