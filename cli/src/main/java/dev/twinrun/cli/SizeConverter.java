package dev.twinrun.cli;

import dev.twinrun.pricing.DataSize;
import picocli.CommandLine.ITypeConverter;

/** Reads a size option ({@code 20MB}, {@code 1GB}, {@code 512KiB}, {@code 4096} bytes) as {@link DataSize} reads it. */
public final class SizeConverter implements ITypeConverter<DataSize> {
    @Override
    public DataSize convert(String value) {
        return DataSize.parse(value);
    }
}
