package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** SnapStart against the plain function: 720 cold runs of 2,000 ms at 1,024 MB arm64, INIT 1,500 ms measured. */
class SnapStartPricingTest {
    private final CostModel model = new CostModel(PriceBook.load("aws-us-east-1-2026"));

    private final Scenario scenario = Scenario.load("hourly-2026")
            .withDeployment(null)
            .withDaysPerMonth(new BigDecimal("30"))
            .withHidden(new Scenario.Hidden(null, null, null, null))
            .withDurationMs(new BigDecimal("2000"))
            .withMemoryMb(1024);

    private static CostLine duration(VariantCost c) {
        return c.monthlyLines().stream()
                .filter(l -> l.component().equals("lambda.duration"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void coldRunsBillTheRestoreDurationInsteadOfInit() {
        VariantCost plain = model.lambda(scenario);
        VariantCost snap = model.lambdaSnapStart(scenario, new BigDecimal("300"));

        assertThat(duration(plain).quantity())
                .as("720 x (2,000 + 1,500 INIT) ms x 1 GB")
                .isEqualByComparingTo("2520");
        assertThat(duration(snap).quantity())
                .as("720 x (2,000 + 300 restore) ms x 1 GB")
                .isEqualByComparingTo("1656");
        assertThat(duration(snap).costUsd()).as("1,656 GB-s x 0.0000133334").isEqualByComparingTo("0.0220801104");
        assertThat(snap.variantId()).as("id").isEqualTo("lambda-1024mb-arm64-snapstart");
        assertThat(snap.monthlyLines())
                .as("Java: the cache and restore charge is checked and zero")
                .filteredOn(l -> l.component().equals("lambda.snapStart.cacheAndRestore"))
                .singleElement()
                .satisfies(l -> assertThat(l.costUsd()).as("cost").isEqualByComparingTo("0"));
        assertThat(snap.notes()).as("restore labelled").anyMatch(n -> n.contains("modelled, not measured"));
        assertThat(snap.feasible()).as("512 MB /tmp").isTrue();
    }

    @Test
    void withoutARestoreTimeTheBooksAssumptionIsPricedAndTooMuchTmpIsInfeasible() {
        VariantCost snap = model.lambdaSnapStart(scenario.withEphemeralStorageMb(2048), null);

        assertThat(duration(snap).quantity())
                .as("720 x (2,000 + 1,000 assumed restore) ms x 1 GB")
                .isEqualByComparingTo("2160");
        assertThat(snap.feasible())
                .as("SnapStart allows at most 512 MB of /tmp")
                .isFalse();
        assertThat(snap.notes()).as("says why").anyMatch(n -> n.contains("lambda.snapStart.limits"));
    }
}
