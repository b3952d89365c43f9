package io.fluxkv.aof.tools;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code --since}: unix milliseconds (what the file stores) or an ISO-8601 instant (what people type). */
final class SinceConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        if (value.matches("-?\\d+")) {
            return Instant.ofEpochMilli(Long.parseLong(value));
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is neither unix milliseconds nor an ISO-8601 instant"
                    + " such as 2026-01-01T00:00:00Z");
        }
    }
}
