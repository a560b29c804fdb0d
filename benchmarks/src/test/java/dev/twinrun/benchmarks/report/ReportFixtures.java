package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.stats.RawRecords;
import dev.twinrun.benchmarks.stats.StatsCalculator;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweep;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.pricing.Workload;
import java.nio.file.Path;
import java.util.List;

/**
 * Summaries shared by the report tests: the seed without measurements, a 2026 one with the sample raw data, and a
 * 2026 one with the cost-vs-data-size sweep.
 */
final class ReportFixtures {
    static final String GENERATED_AT = "2026-11-26T08:00:00Z";

    private ReportFixtures() {}

    static ReportSummary seed() {
        Scenario s = Scenario.load("seed-2017");
        return new ReportAssembler(PriceBook.load(s.priceBook())).assemble(s, List.of(), "Seed 2017", GENERATED_AT);
    }

    static List<VariantStats> sampleStats() {
        try {
            Path raw = Path.of(ReportFixtures.class
                    .getResource("/dev/twinrun/benchmarks/stats/raw-sample.jsonl")
                    .toURI());
            return StatsCalculator.summarize(RawRecords.read(raw));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hourly-2026 scenario priced without measurements, with the cost-vs-data-size sweep at the default sizes. */
    static ReportSummary withSizes() {
        PriceBook b = PriceBook.load("aws-us-east-1-2026");
        Scenario s = Scenario.load("hourly-2026");
        SizeSweepResult r = new SizeSweep(b, s, Workload.fromScenario(s, b)).run(SizeSweep.DEFAULT_SIZES_MB);
        return new ReportAssembler(b)
                .withSizes(new ReportAssembler(b).assemble(s, List.of(), "Sizes", GENERATED_AT), r);
    }

    static ReportSummary measured() {
        Scenario s = Scenario.load("hourly-2026")
                .withMemoryMb(1024)
                .withArch("x86_64")
                .withInstanceType("t3.micro");
        return new ReportAssembler(PriceBook.load(s.priceBook()))
                .assemble(s, sampleStats(), "Measured <sample> & co", GENERATED_AT);
    }
}
