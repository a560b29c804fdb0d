package dev.twinrun.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * An amount of data, in bytes, with the one way twinrun reads and prints it. Units are powers of 1024 everywhere
 * (1 KB = 1024 bytes, 1 MB = 2^20 bytes, 1 GB = 1024 MB, 1 TB = 1024 GB); {@code KiB}, {@code MiB}, {@code GiB} are
 * read as the same units.
 *
 * <p>Read: {@code 100MB}, {@code 2.5GB}, {@code 512KB}, {@code 512KiB}, {@code 4096B} or {@code 4096} (bytes). Printed
 * ({@link #toString()}, {@link #text(BigDecimal)}): {@code 20 MB}, {@code 351 MB}, {@code 2.5 GB}, {@code 1 TB}, the
 * same in report titles, tables and the terminal.
 */
public record DataSize(long bytes) {
    /** Bytes in one MB (2^20). */
    public static final long BYTES_PER_MB = 1L << 20;

    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal MB_PER_GB = BigDecimal.valueOf(1024);
    private static final BigDecimal MB_PER_TB = BigDecimal.valueOf(1024L * 1024);
    private static final String[][] UNITS = {
        {"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"TB", "1099511627776"}, {"B", "1"}
    };

    public DataSize {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a data size must be positive: " + bytes + " bytes");
        }
    }

    /** Parses {@code 100MB}, {@code 2.5GB}, {@code 512KiB}, {@code 4096} (bytes); case and blanks do not matter. */
    public static DataSize parse(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT).replace("IB", "B");
        long mult = 1;
        for (String[] u : UNITS) {
            if (v.endsWith(u[0])) {
                mult = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length()).strip();
                break;
            }
        }
        BigDecimal n;
        try {
            n = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + value + "' (use e.g. 100MB, 1GB, 512KB)");
        }
        if (n.signum() <= 0) {
            throw new IllegalArgumentException("size must be positive: '" + value + "'");
        }
        return new DataSize(n.multiply(BigDecimal.valueOf(mult))
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact());
    }

    /** {@code mb} MB of 2^20 bytes, to the nearest byte. */
    public static DataSize ofMegabytes(BigDecimal mb) {
        return new DataSize(mb.multiply(BigDecimal.valueOf(BYTES_PER_MB))
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact());
    }

    /** This size in MB of 2^20 bytes, to 6 decimals, without trailing zeros (what the cost model prices). */
    public BigDecimal megabytes() {
        return Money.normalize(
                BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(BYTES_PER_MB), 6, RoundingMode.HALF_UP));
    }

    /**
     * This size as an option value that {@link #parse(String)} reads back to the same bytes: {@code 20MB}, {@code 512KB},
     * {@code 1000B}.
     */
    public String argument() {
        if (bytes % BYTES_PER_MB == 0) {
            return bytes / BYTES_PER_MB + "MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + "KB";
        }
        return bytes + "B";
    }

    /** Readably, as {@link #text(BigDecimal)} prints its MB. */
    @Override
    public String toString() {
        return text(megabytes());
    }

    /** A data size in MB, readably: {@code 351 MB}, {@code 2.5 GB}, {@code 100 GB}, {@code 1 TB}; empty for null. */
    public static String text(BigDecimal mb) {
        if (mb == null) {
            return "";
        }
        if (mb.compareTo(MB_PER_GB) < 0) {
            return Money.plain(mb, 1) + " MB";
        }
        if (mb.compareTo(MB_PER_TB) < 0) {
            return Money.plain(mb.divide(MB_PER_GB, MC), 1) + " GB";
        }
        return Money.plain(mb.divide(MB_PER_TB, MC), 2) + " TB";
    }
}
