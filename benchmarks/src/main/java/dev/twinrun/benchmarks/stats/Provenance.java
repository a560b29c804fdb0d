package dev.twinrun.benchmarks.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a number comes from: a measurement, or a model (e.g. Lambda's CPU share at another memory size). */
public enum Provenance {
    MEASURED,
    MODELLED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Provenance parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
