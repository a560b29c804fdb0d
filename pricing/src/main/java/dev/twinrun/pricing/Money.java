package dev.twinrun.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding of USD amounts for display; computation keeps full precision. */
public final class Money {
    private Money() {}

    /** Rounds to cents, half up: 3.600864 gives 3.60. */
    public static BigDecimal cents(BigDecimal usd) {
        return usd.setScale(2, RoundingMode.HALF_UP);
    }

    /** Formats as {@code $3.60}; amounts under a cent keep up to 6 decimals so "cents" stay visible. */
    public static String format(BigDecimal usd) {
        if (usd == null) {
            return "n/a";
        }
        BigDecimal abs = usd.abs();
        if (abs.signum() != 0 && abs.compareTo(new BigDecimal("0.01")) < 0) {
            return (usd.signum() < 0 ? "-$" : "$")
                    + abs.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        return (usd.signum() < 0 ? "-$" : "$") + cents(abs).toPlainString();
    }

    /** Strips trailing zeros without going to a negative scale (730, not 7.3E+2), so JSON round-trips exactly. */
    public static BigDecimal normalize(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal r = v.stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }

    /** A decimal for reports: at most {@code scale} decimals, no exponent, no trailing zeros. */
    public static String plain(BigDecimal v, int scale) {
        if (v == null) {
            return "";
        }
        BigDecimal r = v.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
    }
}
