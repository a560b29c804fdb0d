package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The variants' alarms, each notifying the app's {@link AlarmTopic} when it fires and when it recovers. Every alarm
 * is built here, and {@link #requireActions()} makes the synth fail on any alarm without an action.
 */
final class Alarms {
    /** EMF names of adapter-common's {@code Telemetry} contract the alarms watch (DashboardMetricsContractTest). */
    static final String ROWS_READ = "RowsRead";

    static final String HOURS_FAILED = "HoursFailed";

    static final String SKIPPED_INPUTS = "SkippedInputs";

    /** Hours without an hour run before the freshness alarm fires: hour H unpublished by H+2. */
    static final int FRESHNESS_HOURS = 2;

    private Alarms() {}

    /** The EMF metric {@code name} of {@code variant} in hourly periods. */
    static Metric emf(String name, TwinrunConfig.Variant variant, String statistic) {
        return Metric.Builder.create()
                .namespace(DashboardStack.NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of("Variant", variant.id()))
                .statistic(statistic)
                .period(Duration.hours(1))
                .build();
    }

    /**
     * The freshness alarm of {@code variant}: no hour run finished (no {@code RowsRead} sample: every run writes one,
     * a current hour's included, a failed run none) in each of the last {@value #FRESHNESS_HOURS} hours.
     */
    static Alarm freshness(Construct scope, TwinrunConfig.Variant variant, ITopic topic) {
        return absentFor(
                scope,
                "FreshnessAlarm",
                "twinrun " + variant.id() + " variant: no hour run finished in the last " + FRESHNESS_HOURS
                        + " hours (an hour H not published by H+" + FRESHNESS_HOURS + ": the trigger, the runner or the"
                        + " input feed stopped, or every run failed)",
                emf(ROWS_READ, variant, "SampleCount"),
                FRESHNESS_HOURS,
                topic);
    }

    /**
     * The skipped-inputs alarm of {@code variant}: a published hour did not read one of its input files (an unsafe
     * key, an empty file, an unusable header, or a second copy of another file's bytes; the manifest and {@code
     * data_quality.csv} name it and why).
     */
    static Alarm skippedInputs(Construct scope, TwinrunConfig.Variant variant, ITopic topic) {
        return atLeastOne(
                scope,
                "SkippedInputsAlarm",
                "twinrun " + variant.id() + " variant: an hour was published without one of its input files (unusable"
                        + " or a duplicate; see skippedInputs in the hour's _SUCCESS and data_quality.csv)",
                emf(SKIPPED_INPUTS, variant, "Sum"),
                topic);
    }

    /** Fires when {@code metric} reaches 1 in one period; no data is not a breach. */
    static Alarm atLeastOne(Construct scope, String id, String description, IMetric metric, ITopic topic) {
        return notifying(
                Alarm.Builder.create(scope, id)
                        .alarmDescription(description)
                        .metric(metric)
                        .threshold(1)
                        .evaluationPeriods(1)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build(),
                topic);
    }

    /**
     * Fires when {@code metric} (a sample count) has no data point, or one below 1, in each of {@code periods}
     * consecutive periods: missing data is a breach, so silence alarms.
     */
    static Alarm absentFor(Construct scope, String id, String description, IMetric metric, int periods, ITopic topic) {
        return notifying(
                Alarm.Builder.create(scope, id)
                        .alarmDescription(description)
                        .metric(metric)
                        .threshold(1)
                        .evaluationPeriods(periods)
                        .datapointsToAlarm(periods)
                        .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.BREACHING)
                        .build(),
                topic);
    }

    private static Alarm notifying(Alarm alarm, ITopic topic) {
        requireNonNull(topic, "topic: every twinrun alarm notifies the alarm topic");
        SnsAction action = new SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        return alarm;
    }

    private static boolean hasActions(CfnAlarm alarm) {
        // The L2 alarm sets its actions as a lazy list: resolve it to see what it holds.
        Object actions =
                alarm.getAlarmActions() == null ? null : Stack.of(alarm).resolve(alarm.getAlarmActions());
        return actions instanceof List<?> list && !list.isEmpty();
    }

    /** An aspect that reports an error (which fails the synth) for every alarm without an alarm action. */
    static IAspect requireActions() {
        return new IAspect() {
            @Override
            public void visit(IConstruct node) {
                if (node instanceof CfnAlarm alarm && !hasActions(alarm)) {
                    Annotations.of(node)
                            .addError("twinrun: alarm " + node.getNode().getPath()
                                    + " has no alarm action; build alarms with Alarms, which adds the alarm topic");
                }
            }
        };
    }
}
