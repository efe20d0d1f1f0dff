package io.darkroom.cli.batch;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A batch id as given on the command line: letters, digits, {@code _} and {@code -} only, so it is one URL segment. */
final class BatchIdConverter implements ITypeConverter<String> {

    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    @Override
    public String convert(String value) {
        if (!BATCH_ID.matcher(value).matches()) {
            throw new TypeConversionException("'" + value + "' is not a batch id such as batch_abc123 (letters, digits, _ and - only).");
        }
        return value;
    }
}
