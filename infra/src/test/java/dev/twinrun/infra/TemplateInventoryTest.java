package dev.twinrun.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinrun.infra.inventory.TemplateInventory;
import dev.twinrun.infra.inventory.TemplateInventory.Billing;
import dev.twinrun.infra.inventory.TemplateInventory.Item;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/** Lives next to the stack tests so it can synthesize the real app (the inventory itself reads only files). */
class TemplateInventoryTest {

    @TempDir
    static Path cdkOut;

    private static List<Item> items;

    @BeforeAll
    static void synthAndRead() {
        TwinrunApp.Stacks stacks = CdkTestSupport.synth(
                Map.of("instanceType", "t4g.small", "variants", "lambda,ec2,ec2-per-run,fargate"), cdkOut);
        ((App) stacks.data().getNode().getRoot()).synth();
        items = TemplateInventory.read(cdkOut);
    }

    @Test
    void theEc2VariantBillsByTheHourForInstanceVolumeAndPublicAddress() {
        List<Item> hourly = items.stream()
                .filter(i -> i.variant().equals("ec2") && i.billing() == Billing.HOURLY)
                .toList();
        assertThat(hourly)
                .extracting(Item::type)
                .containsExactlyInAnyOrder("AWS::EC2::Instance", "EBS volume", "public IPv4 address");
        assertThat(hourly)
                .extracting(Item::detail)
                .anyMatch(d -> d.contains("t4g.small"))
                .anyMatch(d -> d.contains("gp3 8 GB"));
    }

    @Test
    void theLambdaVariantBillsOnlyPerUseOrMonthly() {
        List<Item> lambda =
                items.stream().filter(i -> i.variant().equals("lambda")).toList();
        assertThat(lambda).as("lambda items").isNotEmpty();
        assertThat(lambda).noneMatch(i -> i.billing() == Billing.HOURLY);
        assertThat(lambda)
                .filteredOn(i -> i.billing() == Billing.PER_USE)
                .extracting(Item::detail)
                .anyMatch(d -> d.startsWith("Lambda java21 arm64 1024 MB"));
        assertThat(lambda)
                .as("the four alarms: errors, failure queue, freshness, skipped inputs")
                .filteredOn(i -> i.billing() == Billing.MONTHLY)
                .hasSize(4);
    }

    @Test
    void theDataStackAndDashboardAreShared() {
        assertThat(items)
                .filteredOn(i -> i.type().equals("AWS::S3::Bucket"))
                .as("the data bucket and its access-log bucket")
                .hasSize(2)
                .extracting(Item::variant)
                .containsOnly("shared");
        assertThat(items)
                .filteredOn(i -> i.type().equals("AWS::CloudWatch::Dashboard"))
                .singleElement()
                .extracting(Item::billing)
                .isEqualTo(Billing.MONTHLY);
        assertThat(items)
                .filteredOn(i ->
                        i.type().equals("AWS::EC2::VPCEndpoint") && i.variant().equals("ec2"))
                .singleElement()
                .extracting(Item::billing)
                .isEqualTo(Billing.FREE);
    }

    @Test
    void printsOneSectionPerVariantAndJsonForTheCostModel() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TemplateInventory.print(items, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains(
                        "== lambda (stacks: TwinrunLambda)",
                        "== ec2 (stacks: TwinrunEc2)",
                        "== ec2-per-run (stacks: TwinrunEc2PerRun)",
                        "== fargate (stacks: TwinrunFargate)",
                        "== shared (stacks: TwinrunData, TwinrunDashboard)",
                        "bills by the hour (idle or not):");
        assertThat(TemplateInventory.toJson(items)).contains("\"ec2\"", "\"hourly\"", "\"per_use\"");
    }

    @Test
    void theEc2PerRunInstanceAndItsAddressBillOnlyWhileARunKeepsItRunning() {
        List<Item> perRun =
                items.stream().filter(i -> i.variant().equals("ec2-per-run")).toList();
        assertThat(perRun)
                .filteredOn(i -> i.type().equals("AWS::EC2::Instance"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.properties()).containsEntry("startedPerRun", "true");
                    assertThat(i.detail()).contains("stopped between runs");
                });
        assertThat(perRun)
                .filteredOn(i -> i.type().equals("public IPv4 address"))
                .singleElement()
                .extracting(Item::detail)
                .asString()
                .contains("released when the instance stops");
        assertThat(perRun)
                .filteredOn(i -> i.type().equals("AWS::Scheduler::Schedule"))
                .singleElement()
                .extracting(Item::billing)
                .isEqualTo(Billing.PER_USE);
        assertThat(items)
                .filteredOn(i -> i.variant().equals("ec2") && i.type().equals("AWS::EC2::Instance"))
                .singleElement()
                .extracting(i -> i.properties().containsKey("startedPerRun"))
                .isEqualTo(false);
    }

    @Test
    void theFargateTaskBillsPerUseAndItsPublicAddressPerTaskHour() {
        List<Item> fargate =
                items.stream().filter(i -> i.variant().equals("fargate")).toList();
        assertThat(fargate)
                .filteredOn(i -> i.type().equals("AWS::ECS::TaskDefinition"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.billing()).isEqualTo(Billing.PER_USE);
                    assertThat(i.properties())
                            .containsEntry("cpuUnits", "512")
                            .containsEntry("memoryMb", "1024")
                            .containsEntry("arch", "arm64");
                });
        assertThat(fargate)
                .filteredOn(i -> i.type().equals("public IPv4 address"))
                .singleElement()
                .satisfies(i -> assertThat(i.properties()).containsEntry("perTask", "true"));
        assertThat(fargate)
                .filteredOn(i -> i.type().equals("AWS::ECS::Cluster"))
                .singleElement()
                .extracting(Item::billing)
                .isEqualTo(Billing.FREE);
        assertThat(fargate).noneMatch(i -> i.billing() == Billing.UNKNOWN);
        assertThat(items).as("nothing unclassified").noneMatch(i -> i.billing() == Billing.UNKNOWN);
    }
}
