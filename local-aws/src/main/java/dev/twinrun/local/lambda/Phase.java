package dev.twinrun.local.lambda;

import java.util.Locale;

/** Whether an invocation ran in a fresh execution environment (after its init) or in a reused one. */
public enum Phase {
    COLD,
    WARM;

    /** Lower-case name, as written in raw measurement records. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
