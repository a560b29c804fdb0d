package dev.twinrun.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.benchmarks.report.ReportAssembler;
import dev.twinrun.benchmarks.report.ReportSummary;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictStabilityTest {
    private final Scenario seed = Scenario.load("seed-2017");
    private final ReportAssembler assembler = new ReportAssembler(PriceBook.load(seed.priceBook()));

    private ReportSummary at(String durationMs) {
        Scenario.Run r = seed.run();
        Scenario s = seed.withRun(new Scenario.Run(
                new BigDecimal(durationMs), null, r.initMs(), r.coldStartShare(), r.dataSizeMb(), r.msPerMb()));
        return assembler.assemble(s, List.of(), "t", null);
    }

    @Test
    void theSameWinnerWithinTenPercentIsStable() {
        VerdictStability.Outcome o = VerdictStability.compare(at("300000"), at("310000"), "0.1", "1.0");
        StringWriter out = new StringWriter();
        VerdictStability.print(o, new PrintWriter(out, true));

        assertThat(o.problems()).isEmpty();
        assertThat(out.toString())
                .contains("quiet  (load 0.1): ec2-t2.micro-per-run")
                .contains("winner's cost ratio loaded/quiet: 1.0")
                .contains("stable: the same verdict");
    }

    @Test
    void aCostThatMovesMoreThanTenPercentOrAnotherWinnerIsNotStable() {
        VerdictStability.Outcome slower = VerdictStability.compare(at("300000"), at("600000"), "0.1", "1.0");
        VerdictStability.Outcome flipped = VerdictStability.compare(at("1000"), at("300000"), "0.1", "1.0");

        assertThat(slower.stable()).isFalse();
        assertThat(slower.problems()).anyMatch(p -> p.startsWith("the winner's monthly cost moved by"));
        assertThat(flipped.problems())
                .anyMatch(
                        p -> p.equals("the verdict changed: lambda-1024mb-x86_64 quiet, ec2-t2.micro-per-run loaded"));
    }

    @Test
    void aFlipBetweenTwoVariantsWithinOnePercentInBothRunsIsATieNotAChangedVerdict() {
        // the duration where the winner flips, to within a hair: both sides' winners cost about the same there
        BigDecimal lo = new BigDecimal("1000");
        BigDecimal hi = new BigDecimal("300000");
        String atLo = at(lo.toPlainString()).verdicts().get(0).cheapestVariantId();
        for (int i = 0; i < 40; i++) {
            BigDecimal mid = lo.add(hi).divide(BigDecimal.valueOf(2));
            if (at(mid.toPlainString()).verdicts().get(0).cheapestVariantId().equals(atLo)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        VerdictStability.Outcome tie =
                VerdictStability.compare(at(lo.toPlainString()), at(hi.toPlainString()), "0.1", "1.0");
        StringWriter out = new StringWriter();
        VerdictStability.print(tie, new PrintWriter(out, true));

        assertThat(tie.problems()).isEmpty();
        assertThat(tie.ties()).singleElement().asString().startsWith("the winner changed between two variants");
        assertThat(out.toString()).contains("tie: the winner changed").contains("stable:");

        VerdictStability.Outcome flipped = VerdictStability.compare(at("1000"), at("300000"), "0.1", "1.0");
        assertThat(flipped.ties())
                .as("far from the break-even a flip is a changed verdict")
                .isEmpty();
    }
}
