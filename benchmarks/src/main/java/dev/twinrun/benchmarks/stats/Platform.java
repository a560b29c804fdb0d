package dev.twinrun.benchmarks.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Where a variant runs: {@code lambda} or {@code ec2} (the spelling in raw.jsonl, stats.json and report.json). */
public enum Platform {
    LAMBDA,
    EC2;

    /** The JSON and report spelling: {@code lambda}, {@code ec2}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Platform parse(String s) {
        for (Platform p : values()) {
            if (p.json().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("platform must be one of "
                + Arrays.stream(values()).map(Platform::json).toList() + ": " + s);
    }

    @Override
    public String toString() {
        return json();
    }
}
