package dev.twinrun.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.Scenario;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportDiffTest {

    @Test
    void diffShowsCostChangesAndAWinnerFlip() {
        Scenario seed = Scenario.load("seed-2017");
        ReportAssembler assembler = new ReportAssembler(PriceBook.load("seed-2017"));
        ReportSummary a = assembler.assemble(seed, List.of(), "A", ReportFixtures.GENERATED_AT);
        // EC2 per run is cheapest at the seed's schedule; make runs long enough for always-on EC2 to win? Instead, flip
        // by comparing the seed with a very frequent schedule, where EC2 always on beats Lambda.
        ReportSummary b = assembler.assemble(
                seed.withRunsPerDay(new BigDecimal("1440")).withDurationMs(new BigDecimal("60000")),
                List.of(),
                "B",
                ReportFixtures.GENERATED_AT);

        ReportDiff.Result r = ReportDiff.diff(a, b);

        assertThat(r.context()).as("context changes").anyMatch(c -> c.startsWith("runs/day: 24 -> 1440"));
        ReportDiff.Change lambda = r.costs().stream()
                .filter(c -> c.key().equals("lambda-1024mb-x86_64"))
                .findFirst()
                .orElseThrow();
        assertThat(lambda.a()).as("Lambda before").isEqualByComparingTo("3.600864");
        assertThat(lambda.delta())
                .as("Lambda change")
                .isEqualByComparingTo(lambda.b().subtract(lambda.a()));
        assertThat(r.winnerA()).as("winner A").isEqualTo("ec2-t2.micro-per-run");
        assertThat(r.winnerB()).as("winner B").isEqualTo("ec2-t2.micro-always-on");
        assertThat(r.winnerChanged()).as("winner changed").isTrue();
        assertThat(ReportDiff.markdown(r)).as("markdown").contains("(**changed**)", "| lambda-1024mb-x86_64 | $3.60 |");
    }

    @Test
    void diffOfAReportWithItselfChangesNothing() {
        ReportSummary s = ReportFixtures.measured();

        ReportDiff.Result r = ReportDiff.diff(s, s);

        assertThat(r.winnerChanged()).as("winner").isFalse();
        assertThat(r.context()).as("context").isEmpty();
        assertThat(r.costs())
                .as("costs")
                .allSatisfy(c -> assertThat(c.delta()).as(c.key()).isZero());
        assertThat(r.durations())
                .as("durations compared")
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.delta()).as(c.key()).isZero());
    }
}
