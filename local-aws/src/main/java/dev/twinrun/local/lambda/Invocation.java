package dev.twinrun.local.lambda;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One invocation, with the figures of Lambda's REPORT line.
 *
 * @param requestId       the {@code Lambda-Runtime-Aws-Request-Id} handed to the runtime
 * @param phase           {@link Phase#COLD} when this invocation started a new execution environment
 * @param initMs          Init Duration: fork of the JVM to its first {@code /next} call; 0 for a warm invocation
 * @param durationMs      Duration: event handed out on {@code /next} to the response or error posted
 * @param billedMs        Billed Duration, 1 ms granularity; for a cold invocation it includes the init (billed since
 *                        2025-08-01 for zip functions on managed runtimes)
 * @param memorySizeMb    Memory Size, the configured memory
 * @param maxMemoryUsedMb Max Memory Used: peak resident set of the runtime process so far ({@code VmHWM}), MB rounded up
 * @param cpuMs           CPU time (user + system) the runtime process used during Duration, 10 ms resolution
 * @param initCpuMs       CPU time (user + system) of the init, the JVM's start included, 10 ms resolution; 0 when
 *                        warm, -1 when unknown
 * @param response        the response body when the function succeeded
 * @param error           the error when it failed (function error, timeout, crash or out of memory)
 * @param logLines        what the runtime process wrote to stdout/stderr from the start of this invocation (for a cold
 *                        one, from the fork) to its end
 */
public record Invocation(
        String requestId,
        Phase phase,
        double initMs,
        double durationMs,
        long billedMs,
        int memorySizeMb,
        long maxMemoryUsedMb,
        long cpuMs,
        long initCpuMs,
        String response,
        LambdaError error,
        List<String> logLines) {

    public Invocation {
        requireNonNull(requestId, "requestId");
        requireNonNull(phase, "phase");
        logLines = List.copyOf(logLines);
        if ((response == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of response and error must be set");
        }
    }

    /** True when the function returned a response. */
    public boolean succeeded() {
        return response != null;
    }

    /** The error, if the invocation failed. */
    public Optional<LambdaError> failure() {
        return Optional.ofNullable(error);
    }

    /** The REPORT line Lambda would log for this invocation. */
    public String reportLine() {
        StringBuilder b = new StringBuilder()
                .append("REPORT RequestId: ")
                .append(requestId)
                .append("\tDuration: ")
                .append(String.format(Locale.ROOT, "%.2f", durationMs))
                .append(" ms")
                .append("\tBilled Duration: ")
                .append(billedMs)
                .append(" ms")
                .append("\tMemory Size: ")
                .append(memorySizeMb)
                .append(" MB")
                .append("\tMax Memory Used: ")
                .append(maxMemoryUsedMb)
                .append(" MB");
        if (phase == Phase.COLD) {
            b.append("\tInit Duration: ")
                    .append(String.format(Locale.ROOT, "%.2f", initMs))
                    .append(" ms");
        }
        if (error != null) {
            b.append("\tStatus: error\tError Type: ").append(error.errorType());
        }
        return b.toString();
    }
}
