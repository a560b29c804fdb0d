package dev.twinrun.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;

/**
 * One CloudWatch dashboard with the deployed variants side by side: duration, rows, errors and the cost drivers (Lambda
 * GB-seconds and invocations, state machine executions, instance hours, task run time, log ingestion). A variant that
 * is not deployed is left out.
 */
public final class DashboardStack extends Stack {

    /**
     * The EMF namespace both adapters write. Both write the same hour metrics the same way (one document per hour run,
     * current hours included, rows and bytes only for what was processed), so a sum means the same for either variant;
     * the names are adapter-common's {@code Telemetry} contract, which DashboardMetricsContractTest checks.
     */
    public static final String NAMESPACE = "twinrun";

    private static final Duration HOUR = Duration.hours(1);

    private final Dashboard dashboard;

    /** The variant stacks the dashboard charts; any of them is null when that variant is not deployed. */
    public record Charted(
            LambdaVariantStack lambda,
            Ec2VariantStack ec2,
            FanoutVariantStack fanout,
            Ec2PerRunVariantStack ec2PerRun,
            FargateVariantStack fargate) {

        /** The deployed variants' ids, in the order the dashboard shows them. */
        List<String> ids() {
            List<String> ids = new ArrayList<>();
            if (lambda != null) {
                ids.add(TwinrunConfig.Variant.LAMBDA.id());
            }
            if (ec2 != null) {
                ids.add(TwinrunConfig.Variant.EC2.id());
            }
            if (fanout != null) {
                ids.add(TwinrunConfig.Variant.FANOUT.id());
            }
            if (ec2PerRun != null) {
                ids.add(TwinrunConfig.Variant.EC2_PER_RUN.id());
            }
            if (fargate != null) {
                ids.add(TwinrunConfig.Variant.FARGATE.id());
            }
            return ids;
        }
    }

    /** Creates the dashboard for the deployed variants in {@code charted}; at least one must be deployed. */
    public DashboardStack(Construct scope, String id, StackProps props, TwinrunConfig config, Charted charted) {
        super(scope, id, props);
        List<String> variants = charted.ids();
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("the dashboard needs at least one variant");
        }
        LambdaVariantStack lambda = charted.lambda();
        Ec2VariantStack ec2 = charted.ec2();

        List<IMetric> jobDuration = new ArrayList<>();
        List<IMetric> rows = new ArrayList<>();
        List<IMetric> errors = new ArrayList<>();
        for (String variant : variants) {
            jobDuration.add(emf("DurationMs", variant, "p50"));
            jobDuration.add(emf("DurationMs", variant, "p90"));
            rows.add(emf("RowsRead", variant, "Sum"));
            rows.add(emf("RowsQuarantined", variant, "Sum"));
        }
        List<IMetric> costDrivers = new ArrayList<>();
        List<IMetric> logBytes = new ArrayList<>();
        if (lambda != null) {
            errors.add(lambda.function().metricErrors(sum("lambda: function errors")));
            errors.add(lambda.failureQueue()
                    .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                            .period(HOUR)
                            .statistic("Maximum")
                            .label("lambda: failure queue depth")
                            .build()));
            double memoryGb = config.lambdaMemoryMb() / 1024.0;
            costDrivers.add(MathExpression.Builder.create()
                    .expression("duration / 1000 * " + memoryGb)
                    .usingMetrics(Map.of("duration", lambda.function().metricDuration(sum("duration"))))
                    .label("lambda: GB-seconds billed (" + config.lambdaMemoryMb() + " MB)")
                    .period(HOUR)
                    .build());
            costDrivers.add(lambda.function().metricInvocations(sum("lambda: invocations (requests billed)")));
            logBytes.add(lambda.logGroup().metricIncomingBytes(sum("lambda: log bytes ingested")));
        }
        if (ec2 != null) {
            errors.add(emf("HoursFailed", "ec2", "Sum"));
            costDrivers.add(instanceSamples("ec2", ec2.instance().getInstanceId(), "billed every hour it runs"));
            logBytes.add(ec2.runnerLogGroup().metricIncomingBytes(sum("ec2: log bytes ingested")));
        }
        FanoutVariantStack fanout = charted.fanout();
        if (fanout != null) {
            String v = TwinrunConfig.Variant.FANOUT.id();
            errors.add(fanout.stateMachine().metricFailed(sum(v + ": executions failed")));
            costDrivers.add(fanout.stateMachine().metricStarted(sum(v + ": executions started")));
            costDrivers.add(fanout.shard().metricInvocations(sum(v + ": shard invocations (requests billed)")));
            logBytes.add(fanout.shard().getLogGroup().metricIncomingBytes(sum(v + ": shard log bytes ingested")));
        }
        Ec2PerRunVariantStack ec2PerRun = charted.ec2PerRun();
        if (ec2PerRun != null) {
            String v = TwinrunConfig.Variant.EC2_PER_RUN.id();
            errors.add(emf("HoursFailed", v, "Sum"));
            costDrivers.add(instanceSamples(v, ec2PerRun.instance().getInstanceId(), "billed while it runs"));
            logBytes.add(ec2PerRun.runnerLogGroup().metricIncomingBytes(sum(v + ": log bytes ingested")));
        }
        FargateVariantStack fargate = charted.fargate();
        if (fargate != null) {
            String v = TwinrunConfig.Variant.FARGATE.id();
            errors.add(emf("HoursFailed", v, "Sum"));
            // Fargate bills vCPU- and GB-seconds while the task runs; the task's run is the hour run's duration.
            costDrivers.add(emf("DurationMs", v, "Sum"));
            logBytes.add(fargate.logGroup().metricIncomingBytes(sum(v + ": log bytes ingested")));
        }

        List<IWidget> row1 = List.of(
                graph("Job duration per hour run (ms, EMF DurationMs)", jobDuration),
                graph("Rows read and quarantined (EMF)", rows),
                graph("Errors and failed hours", errors));
        List<IWidget> row2 = List.of(
                graph("Cost drivers", costDrivers),
                graph("CloudWatch Logs ingestion (bytes)", logBytes),
                TextWidget.Builder.create()
                        .markdown("### twinrun: " + String.join(" vs ", variants) + "\n"
                                + "Lambda and Fargate bill per use (GB-seconds and requests; vCPU- and GB-seconds); an EC2 "
                                + "instance, its root volume and its public IPv4 address bill for every hour they exist. "
                                + "`./twinrun infra inventory` lists every line from the synthesized templates.")
                        .width(8)
                        .height(6)
                        .build());
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.days(2))
                .widgets(List.of(row1, row2))
                .build();
    }

    /** The dashboard. */
    public Dashboard dashboard() {
        return dashboard;
    }

    private static Metric emf(String name, String variant, String statistic) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of("Variant", variant))
                .statistic(statistic)
                .period(HOUR)
                .label(variant + ": " + name + " " + statistic)
                .build();
    }

    private static Metric instanceSamples(String variant, String instanceId, String billed) {
        return Metric.Builder.create()
                .namespace("AWS/EC2")
                .metricName("CPUUtilization")
                .dimensionsMap(Map.of("InstanceId", instanceId))
                .statistic("SampleCount")
                .period(HOUR)
                .label(variant + ": samples while running (" + billed + ")")
                .build();
    }

    private static MetricOptions sum(String label) {
        return MetricOptions.builder()
                .period(HOUR)
                .statistic("Sum")
                .label(label)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(metrics)
                .width(8)
                .height(6)
                .build();
    }
}
