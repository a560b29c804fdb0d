package dev.twinrun.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deployment's lines against hand-computed ones: a 30-day month, 100 MB an hour, 20,000 log bytes a run. */
class DeploymentCostsTest {
    private static final String INVENTORY =
            Path.of("src", "test", "resources", "deployments", "small.json").toString();

    private final PriceBook book = PriceBook.load("aws-us-east-1-2026");
    private final Scenario scenario = Scenario.load("hourly-2026")
            .withDaysPerMonth(new BigDecimal("30"))
            .withDeployment(new Scenario.DeploymentUsage(
                    INVENTORY, false, Map.of("ec2", 8, "lambda", 5), new BigDecimal("65000"), null, null, null));
    private final CostModel model = new CostModel(book);

    @Test
    void ec2PaysItsAddressMetricsAlarmLogsFlowLogsAndTheSharedBucketAndDashboard() {
        VariantCost ec2 = model.ec2AlwaysOn(scenario);
        List<CostLine> lines = ec2.monthlyLines();

        assertThat(cost(lines, "deploy.publicIpv4")).as("720 h x 0.005").isEqualByComparingTo("3.60");
        assertThat(cost(lines, "deploy.cloudwatch.metrics")).as("8 x 0.30").isEqualByComparingTo("2.40");
        assertThat(cost(lines, "deploy.cloudwatch.alarms")).as("1 x 0.10").isEqualByComparingTo("0.10");
        assertThat(cost(lines, "deploy.cloudwatch.dashboards")).as("1 x 3.00").isEqualByComparingTo("3.00");
        assertThat(line(lines, "deploy.s3.storage").quantity())
                .as("100 MB x 24 runs/day x 30 days kept / 1024")
                .isEqualByComparingTo("70.3125");
        assertThat(line(lines, "deploy.flowLogs.ingestion").quantity())
                .as("65,000 bytes/h x 720 h / 2^30")
                .isEqualByComparingTo(new BigDecimal("46800000").divide(BigDecimal.valueOf(1L << 30)));
        assertThat(lines.stream().filter(l -> l.component().equals("deploy.logs.storage")))
                .as("job logs (20,000 x 720 bytes) and flow logs, each kept 30 of 30 days")
                .extracting(CostLine::quantity)
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactlyInAnyOrder(
                        new BigDecimal("14400000").divide(BigDecimal.valueOf(1L << 30)),
                        new BigDecimal("46800000").divide(BigDecimal.valueOf(1L << 30)));
        assertThat(ec2.perMonthUsd()).as("the month is the sum of its lines").isEqualByComparingTo(Billing.sum(lines));
    }

    @Test
    void aKeyIsOneKeyMonthAndTheAccessLogBucketHoldsOnlyLogRecords() {
        List<CostLine> lines = model.lambda(scenario).monthlyLines();

        assertThat(cost(lines, "deploy.kms.keys")).as("1 key-month x 1.00").isEqualByComparingTo("1.00");
        assertThat(line(lines, "deploy.kms.keys").note()).as("rotation named").contains("first year");
        long requests = scenario.hidden().s3GetPerRun()
                + scenario.hidden().s3PutPerRun()
                + scenario.hidden().s3ListPerRun();
        assertThat(lines.stream()
                        .filter(l -> l.component().equals("deploy.s3.storage"))
                        .map(CostLine::quantity))
                .as("the data bucket's input (70.3125 GB) and the log bucket's records (requests x 720 runs x 500 B)")
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactlyInAnyOrder(
                        new BigDecimal("70.3125"),
                        BigDecimal.valueOf(requests * 720L * 500L)
                                .divide(BigDecimal.valueOf(1L << 30), MathContext.DECIMAL128));
    }

    @Test
    void aBillableResourceWithoutAPriceIsAWarningNeverSilentlyZero() {
        VariantCost ec2 = model.ec2AlwaysOn(scenario);
        VariantCost lambda = model.lambda(scenario);

        assertThat(ec2.notes()).anyMatch(n -> n.startsWith("warning: AWS::EC2::NatGateway Nat"));
        assertThat(lambda.notes()).anyMatch(n -> n.startsWith("warning: AWS::ElastiCache::CacheCluster Cache"));
        assertThat(lambda.notes())
                .as("an empty failure queue is free at this usage, naming the free tier")
                .anyMatch(n -> n.startsWith("free at this usage: AWS::SQS::Queue Failures")
                        && n.contains("sqs.freeTier.requests"));
        assertThat(lambda.monthlyLines()).extracting(CostLine::component).doesNotContain("deploy.publicIpv4");
    }

    @Test
    void theFreeTierSwitchCreditsCloudWatchUpToItsAllowance() {
        Scenario free = scenario.withDeployment(scenario.deployment().withFreeTier(true));

        VariantCost paid = model.ec2AlwaysOn(scenario);
        VariantCost credited = model.ec2AlwaysOn(free);

        assertThat(line(credited.monthlyLines(), "deploy.freeTier.cloudwatch.metrics.custom")
                        .quantity())
                .as("8 metrics, all within the 10 free")
                .isEqualByComparingTo("-8");
        assertThat(line(credited.monthlyLines(), "deploy.freeTier.cloudwatch.dashboard.month")
                        .quantity())
                .isEqualByComparingTo("-1");
        assertThat(paid.perMonthUsd().subtract(credited.perMonthUsd()))
                .as("metrics 2.40 + alarm 0.10 + dashboard 3.00 + logs and the 5 GB S3 free storage (0.115)")
                .isGreaterThan(new BigDecimal("5.615"));
        assertThat(credited.perMonthUsd()).isEqualByComparingTo(Billing.sum(credited.monthlyLines()));
    }

    @Test
    void aScenarioWithoutDeploymentHasNoDeploymentLines() {
        VariantCost ec2 = model.ec2AlwaysOn(scenario.withDeployment(null));

        assertThat(ec2.monthlyLines()).extracting(CostLine::component).noneMatch(c -> c.startsWith("deploy."));
    }

    private static CostLine line(List<CostLine> lines, String component) {
        return lines.stream()
                .filter(l -> l.component().equals(component))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line " + component + " in " + lines));
    }

    private static BigDecimal cost(List<CostLine> lines, String component) {
        return line(lines, component).costUsd();
    }
}
