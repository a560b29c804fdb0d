package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.adapter.Telemetry;
import dev.twinrun.infra.inventory.TemplateInventory;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.CostModel;
import dev.twinrun.pricing.Deployment;
import dev.twinrun.pricing.PriceBook;
import dev.twinrun.pricing.ResourceRules;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.VariantCost;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/**
 * The bill comes from what the stacks create: every billable resource type of the synthesized app (all five variants)
 * has a pricing rule (all five variants), the deployment data the cost model ships is the synthesized inventory, and the EMF metric counts
 * the scenario prices are the Telemetry contract's.
 */
class DeploymentBillTest {
    /** Where the synthesized inventory is written, to refresh the built-in deployment data from. */
    static final Path WRITTEN = Path.of("target", "deployment-inventory.json");

    static final String BUILT_IN = "pricing/src/main/resources/deployments/twinrun-2026.json";

    @TempDir
    static Path cdkOut;

    private static Deployment synthesized;

    @BeforeAll
    static void synthAndRead() throws IOException {
        TwinrunApp.Stacks stacks =
                CdkTestSupport.synth(Map.of("variants", "lambda,ec2,fanout,ec2-per-run,fargate"), cdkOut);
        ((App) stacks.data().getNode().getRoot()).synth();
        String json = TemplateInventory.toJson(TemplateInventory.read(cdkOut));
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, json + "\n", StandardCharsets.UTF_8);
        synthesized = Deployment.read("synthesized", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyBillableResourceTypeTheStacksCreateHasAPricingRule() {
        assertThat(synthesized.resources().stream()
                        .filter(Deployment.Resource::billable)
                        .map(Deployment.Resource::type)
                        .distinct()
                        .filter(type -> ResourceRules.rule(type).isEmpty()))
                .as("billable resource types without a rule in dev.twinrun.pricing.ResourceRules")
                .isEmpty();
    }

    @Test
    void theRulesPriceLinesAreInThe2026Book() {
        PriceBook book = PriceBook.load("aws-us-east-1-2026");
        for (ResourceRules.Rule rule : ResourceRules.all()) {
            rule.priceLines().stream()
                    .flatMap(id -> id.contains("ARCH")
                            ? java.util.stream.Stream.of(id.replace("ARCH", "arm64"), id.replace("ARCH", "x86_64"))
                            : java.util.stream.Stream.of(id))
                    .filter(id -> !id.contains("TYPE"))
                    .forEach(id -> assertThat(book.find(id))
                            .as(rule.type() + " line " + id)
                            .isPresent());
            if (rule.freeTierLine() != null) {
                assertThat(book.find(rule.freeTierLine()))
                        .as(rule.type() + " free tier")
                        .isPresent();
            }
        }
    }

    @Test
    void theBuiltInDeploymentIsWhatTheStacksCreate() {
        assertThat(counts(Deployment.load("twinrun-2026")))
                .as("resources per variant and type of the built-in deployment; when the stacks change, copy "
                        + "infra/" + WRITTEN + " to " + BUILT_IN)
                .isEqualTo(counts(synthesized));
    }

    @Test
    void theScenarioPricesTheMetricsTheTelemetryContractDefines() {
        Map<String, Integer> metrics = Scenario.load("hourly-2026").deployment().emfMetrics();

        int hour = Telemetry.HOUR_METRICS.size();
        assertThat(metrics)
                .as("EMF metrics per variant: the hour's metrics, and on EC2 the tick's too (one dimension value each)")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "lambda",
                        hour,
                        "fanout",
                        hour,
                        "ec2",
                        hour + Telemetry.RUN_METRICS.size(),
                        "ec2-per-run",
                        hour + Telemetry.RUN_METRICS.size(),
                        "fargate",
                        hour + Telemetry.RUN_METRICS.size()));
    }

    @Test
    void theSynthesizedDeploymentPricesWithoutWarningsAndTheMonthIsTheSumOfItsLines() throws IOException {
        Path inventory = WRITTEN.toAbsolutePath();
        Scenario s = Scenario.load("hourly-2026");
        s = s.withDeployment(s.deployment().withInventory(inventory.toString()));
        CostModel model = new CostModel(PriceBook.load(s.priceBook()));
        for (VariantCost cost : model.all(s)) {
            assertThat(cost.notes()).as(cost.variantId() + " notes").noneMatch(n -> n.startsWith("warning:"));
            assertThat(cost.perMonthUsd())
                    .as(cost.variantId() + " month = sum of its lines")
                    .isEqualByComparingTo(cost.monthlyLines().stream()
                            .map(CostLine::costUsd)
                            .reduce(BigDecimal.ZERO, BigDecimal::add));
        }
        assertThat(model.ec2AlwaysOn(s).monthlyLines())
                .extracting(CostLine::component)
                .contains(
                        "deploy.publicIpv4",
                        "deploy.cloudwatch.metrics",
                        "deploy.cloudwatch.dashboards",
                        "deploy.logs.storage",
                        "deploy.flowLogs.ingestion",
                        "deploy.s3.storage");
        assertThat(model.lambda(s).monthlyLines())
                .extracting(CostLine::component)
                .contains("deploy.cloudwatch.metrics", "deploy.cloudwatch.alarms", "deploy.logs.storage")
                .doesNotContain("deploy.publicIpv4", "deploy.flowLogs.ingestion");
        assertThat(model.lambda(s).notes())
                .as("the failure queue is free at this usage")
                .anyMatch(n ->
                        n.startsWith("free at this usage: AWS::SQS::Queue") && n.contains("sqs.freeTier.requests"));
    }

    private static Map<String, Long> counts(Deployment d) {
        return d.resources().stream()
                .filter(Deployment.Resource::billable)
                .collect(Collectors.groupingBy(r -> r.variant() + " " + r.type(), TreeMap::new, Collectors.counting()));
    }
}
