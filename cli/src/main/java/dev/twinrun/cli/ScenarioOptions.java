package dev.twinrun.cli;

import dev.twinrun.pricing.Scenario;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The scenario priced and its price options, shared by {@code cost}, {@code compare} and {@code report build}. */
public final class ScenarioOptions {
    @Option(
            names = "--scenario",
            paramLabel = "FILE|NAME",
            description = "Scenario JSON file or built-in name: seed-2017, hourly-2026 (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Mixin
    PriceOptions price = new PriceOptions();

    /** With {@code defaultScenario} as the default of {@code --scenario}. */
    ScenarioOptions(String defaultScenario) {
        this.scenario = defaultScenario;
    }

    /** The scenario with the price options applied. */
    public Scenario resolve() {
        return price.apply(Scenario.load(scenario));
    }

    /** The options, as given, that resolve to the same scenario (for a command line that repeats them). */
    List<String> args() {
        List<String> a = new ArrayList<>(List.of("--scenario", scenario));
        a.addAll(price.args());
        return a;
    }
}
