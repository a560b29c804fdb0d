package dev.twinrun.cli;

import dev.twinrun.pricing.DataSize;
import picocli.CommandLine.ITypeConverter;

/** For the options that take their size as plain bytes: reads it as {@link DataSize} does. */
public final class Sizes implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return DataSize.parse(value).bytes();
    }
}
