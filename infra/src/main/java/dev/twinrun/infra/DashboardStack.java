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
 * One CloudWatch dashboard with both variants side by side: duration, rows, errors and the cost drivers (Lambda
 * GB-seconds and invocations, instance hours, log ingestion). A variant that is not deployed is left out.
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

    /** Creates the dashboard; {@code lambda} or {@code ec2} may be null when that variant is not deployed. */
    public DashboardStack(
            Construct scope,
            String id,
            StackProps props,
            TwinrunConfig config,
            LambdaVariantStack lambda,
            Ec2VariantStack ec2) {
        super(scope, id, props);
        if (lambda == null && ec2 == null) {
            throw new IllegalArgumentException("the dashboard needs at least one variant");
        }
        List<String> variants = new ArrayList<>();
        if (lambda != null) {
            variants.add("lambda");
        }
        if (ec2 != null) {
            variants.add("ec2");
        }

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
            costDrivers.add(Metric.Builder.create()
                    .namespace("AWS/EC2")
                    .metricName("CPUUtilization")
                    .dimensionsMap(Map.of("InstanceId", ec2.instance().getInstanceId()))
                    .statistic("SampleCount")
                    .period(HOUR)
                    .label("ec2: samples while running (billed every hour it runs)")
                    .build());
            logBytes.add(ec2.runnerLogGroup().metricIncomingBytes(sum("ec2: log bytes ingested")));
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
                                + "Lambda bills per use (GB-seconds and requests); the EC2 instance, its root volume and its public "
                                + "IPv4 address bill for every hour they exist. `./twinrun infra inventory` lists both from the "
                                + "synthesized templates.")
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
