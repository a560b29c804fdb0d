package dev.twinrun.benchmarks.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which kind of invocation: {@code cold} (a fresh execution environment or JVM, with INIT) or {@code warm} (a reused
 * one); the spelling in raw.jsonl, stats.json and report.json.
 */
public enum Phase {
    COLD,
    WARM;

    /** The JSON and report spelling: {@code cold}, {@code warm}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Phase parse(String s) {
        for (Phase p : values()) {
            if (p.json().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("phase must be one of "
                + Arrays.stream(values()).map(Phase::json).toList() + ": " + s);
    }

    @Override
    public String toString() {
        return json();
    }
}
