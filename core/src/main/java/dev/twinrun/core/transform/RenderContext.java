package dev.twinrun.core.transform;

import dev.twinrun.core.HourId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a transformation may use besides its aggregate when it renders an hour: the hour, where the
 * rows went, and the previous hour's published {@code summary.json} if there is one.
 */
public record RenderContext(HourId hour, Accounting accounting, Optional<byte[]> previousSummary) {
    public RenderContext {
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(accounting, "accounting");
        Objects.requireNonNull(previousSummary, "previousSummary");
    }
}
