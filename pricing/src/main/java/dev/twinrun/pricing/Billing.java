package dev.twinrun.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * The arithmetic every priced variant shares: the precision, unit conversions (ms to seconds, MB to GB, bytes to GB,
 * seconds to hours), rounding up to a billing unit, GB-seconds and the sum of cost lines; one place, so the variants
 * round alike.
 */
final class Billing {
    /** Precision of every division and rounded product. */
    static final MathContext MC = MathContext.DECIMAL128;

    static final BigDecimal MS_PER_SECOND = BigDecimal.valueOf(1000);
    static final BigDecimal MB_PER_GB = BigDecimal.valueOf(1024);
    static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);
    static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private Billing() {}

    /** {@code value} rounded up to a whole number of {@code unit}s (a billing granularity or minimum step). */
    static BigDecimal ceilTo(BigDecimal value, BigDecimal unit) {
        if (unit.signum() <= 0) {
            throw new IllegalArgumentException("billing unit must be positive: " + unit);
        }
        return value.divide(unit, 0, RoundingMode.CEILING).multiply(unit);
    }

    /** Megabytes in GB (1 GB = 1024 MB). */
    static BigDecimal gb(BigDecimal mb) {
        return mb.divide(MB_PER_GB, MC);
    }

    /** Megabytes in GB (1 GB = 1024 MB). */
    static BigDecimal gb(int mb) {
        return gb(BigDecimal.valueOf(mb));
    }

    /** Milliseconds in seconds. */
    static BigDecimal seconds(BigDecimal ms) {
        return ms.divide(MS_PER_SECOND, MC);
    }

    /** GB-seconds of {@code ms} milliseconds at {@code gb} GB: ms / 1000 x GB. */
    static BigDecimal gbSeconds(BigDecimal ms, BigDecimal gb) {
        return seconds(ms).multiply(gb, MC);
    }

    /** GB-seconds of a product of MB and ms: MB-ms / 1000 / 1024. */
    static BigDecimal gbSecondsOfMbMs(BigDecimal mbMs) {
        return seconds(mbMs).divide(MB_PER_GB, MC);
    }

    /** Bytes in GB (1 GB = 2^30 bytes). */
    static BigDecimal gbOfBytes(BigDecimal bytes) {
        return bytes.divide(BYTES_PER_GB, MC);
    }

    /** Seconds in hours. */
    static BigDecimal hours(BigDecimal seconds) {
        return seconds.divide(SECONDS_PER_HOUR, MC);
    }

    /** A per-run quantity over {@code runs} runs (a month's, or one for the cost of a run). */
    static BigDecimal perRuns(BigDecimal perRun, BigDecimal runs) {
        return runs.multiply(perRun);
    }

    /** A month's cost spread over its runs; none for a month without runs. */
    static BigDecimal perRun(BigDecimal monthUsd, BigDecimal runs) {
        return runs.signum() == 0 ? null : monthUsd.divide(runs, MC);
    }

    /** The total cost of some lines, exactly. */
    static BigDecimal sum(List<CostLine> lines) {
        return lines.stream().map(CostLine::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
