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

    /**
     * Two amounts formatted alike ({@link #format}) but with as many decimals (up to 6) as it takes for different
     * amounts to print differently: $0.1012 and $0.1004, not $0.10 twice.
     */
    public static String[] formatApart(BigDecimal a, BigDecimal b) {
        String fa = format(a);
        String fb = format(b);
        if (a == null || b == null || a.compareTo(b) == 0 || !fa.equals(fb)) {
            return new String[] {fa, fb};
        }
        for (int scale = 3; scale <= 6; scale++) {
            String sa = sign(a) + a.abs().setScale(scale, RoundingMode.HALF_UP).toPlainString();
            String sb = sign(b) + b.abs().setScale(scale, RoundingMode.HALF_UP).toPlainString();
            if (!sa.equals(sb) || scale == 6) {
                return new String[] {sa, sb};
            }
        }
        throw new AssertionError();
    }

    private static String sign(BigDecimal v) {
        return v.signum() < 0 ? "-$" : "$";
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
