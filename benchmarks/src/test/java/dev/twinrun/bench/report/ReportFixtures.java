package dev.twinrun.bench.report;

import dev.twinrun.bench.cost.PriceBook;
import dev.twinrun.bench.cost.Scenario;
import dev.twinrun.bench.stats.RawRecords;
import dev.twinrun.bench.stats.StatsCalculator;
import dev.twinrun.bench.stats.VariantStats;
import java.nio.file.Path;
import java.util.List;

/** Summaries shared by the report tests: the seed without measurements, and a 2026 one with the sample raw data. */
final class ReportFixtures {
  static final String GENERATED_AT = "2026-11-26T08:00:00Z";

  private ReportFixtures() {}

  static ReportSummary seed() {
    Scenario s = Scenario.load("seed-2017");
    return new ReportAssembler(PriceBook.load(s.priceBook())).assemble(s, List.of(), "Seed 2017", GENERATED_AT);
  }

  static List<VariantStats> sampleStats() {
    try {
      Path raw = Path.of(ReportFixtures.class.getResource("/dev/twinrun/bench/stats/raw-sample.jsonl").toURI());
      return StatsCalculator.summarize(RawRecords.read(raw));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ReportSummary measured() {
    Scenario s = Scenario.load("hourly-2026").withMemoryMb(1024).withArch("x86_64").withInstanceType("t3.micro");
    return new ReportAssembler(PriceBook.load(s.priceBook()))
        .assemble(s, sampleStats(), "Measured <sample> & co", GENERATED_AT);
  }
}
