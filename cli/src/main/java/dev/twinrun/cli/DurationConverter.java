package dev.twinrun.cli;

import java.math.BigDecimal;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Reads a duration option (300000, 300000ms, 300s, 5m, 5min, 1h; plain numbers are ms) in milliseconds. */
public final class DurationConverter implements ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        String[][] units = {{"ms", "1"}, {"min", "60000"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                return new BigDecimal(v.substring(0, v.length() - u[0].length()).trim()).multiply(new BigDecimal(u[1]));
            }
        }
        return new BigDecimal(v);
    }
}
