package dev.twinrun.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Parses sizes such as {@code 100MB}, {@code 1GB}, {@code 512KB} or {@code 4096} (bytes); units are powers of 1024. */
public final class Sizes implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT).replace("IB", "B");
        long mult = 1;
        for (String[] u : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"B", "1"}}) {
            if (v.endsWith(u[0])) {
                mult = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length()).strip();
                break;
            }
        }
        try {
            double n = Double.parseDouble(v);
            if (n <= 0) {
                throw new IllegalArgumentException("size must be positive: '" + value + "'");
            }
            return Math.round(n * mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + value + "' (use e.g. 100MB, 1GB, 512KB)");
        }
    }

    public static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " B";
    }
}
