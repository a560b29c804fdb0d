package dev.twinrun.cli;

import dev.twinrun.pricing.Scenario;
import java.math.BigDecimal;
import picocli.CommandLine.Option;

/** What-if edits of the scenario's fields, shared by {@code cost} and {@code report build}. */
public final class ScenarioOverrides {
    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Run duration: 300000, 300000ms, 300s, 5m, 1h (plain numbers are ms).")
    BigDecimal durationMs;

    @Option(names = "--lambda-memory", paramLabel = "MB", description = "Lambda memory in MB.")
    Integer lambdaMemoryMb;

    @Option(names = "--arch", description = "Lambda architecture: x86_64 or arm64.")
    String arch;

    @Option(
            names = "--data-size-mb",
            description = "Data size per run in MB (moves the duration if the scenario has msPerMb).")
    BigDecimal dataSizeMb;

    @Option(
            names = "--ms-per-mb",
            description =
                    "Extra ms per extra MB at the scenario's Lambda memory (run.msPerMb): the work the size comparison scales.")
    BigDecimal msPerMb;

    /** The scenario with every given edit applied. */
    Scenario apply(Scenario s) {
        if (msPerMb != null) {
            Scenario.Run r = s.run();
            s = s.withRun(new Scenario.Run(
                    r.durationMs(), r.warmDurationMs(), r.initMs(), r.coldStartShare(), r.dataSizeMb(), msPerMb));
        }
        if (dataSizeMb != null) {
            s = s.withDataSizeMb(dataSizeMb);
        }
        if (durationMs != null) {
            s = s.withDurationMs(durationMs);
        }
        if (lambdaMemoryMb != null) {
            s = s.withMemoryMb(lambdaMemoryMb);
        }
        if (arch != null) {
            s = s.withArch(arch);
        }
        return s;
    }
}
