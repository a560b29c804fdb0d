package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceInitiatedShutdownBehavior;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The EC2 variant started per run: the same VPC, role, instance and install bundle as {@link Ec2VariantStack}, but the
 * instance is stopped between runs. An EventBridge Scheduler schedule ({@code scheduleExpression}, UTC) starts it
 * through the universal target {@code ec2:startInstances}, with a role that may start only this instance; at boot the
 * bundle's {@code twinrun-run-once.service} runs {@code run-due} once (every due hour, catch-up included) and powers
 * the instance off, which stops it ({@code InstanceInitiatedShutdownBehavior=stop}). A watchdog timer powers it off
 * after {@code ec2PerRunMaxRuntimeMinutes} even if the runner hangs.
 *
 * <p>Public IPv4: the instance keeps the auto-assigned address of its public subnet, which AWS releases when the
 * instance stops and assigns anew at start, so the address bills per hour only while the instance runs (the per-run
 * model prices it per running hour); the alternative, endpoint-only egress (S3 gateway endpoint plus the three SSM
 * interface endpoints, and CloudWatch Logs'), bills those endpoints every hour of the month, running or not.
 */
public final class Ec2PerRunVariantStack extends Stack {

    /** The log group the CloudWatch agent ships this variant's runner log to. */
    public static final String RUNNER_LOG_GROUP = "/twinrun/ec2-per-run/runner";

    /** The EventBridge Scheduler universal target that calls EC2 StartInstances (partition filled in at deploy). */
    public static final String START_INSTANCES_TARGET = "arn:%s:scheduler:::aws-sdk:ec2:startInstances";

    private final Instance instance;
    private final CfnSchedule schedule;
    private final Role schedulerRole;
    private final LogGroup runnerLogGroup;

    /** Creates the per-run EC2 variant against {@code dataBucket} (from {@link DataStack}). */
    public Ec2PerRunVariantStack(
            Construct scope, String id, StackProps props, TwinrunConfig config, IBucket dataBucket, ITopic alarmTopic) {
        super(scope, id, props);
        requireNonNull(config, "config");
        requireNonNull(dataBucket, "dataBucket");
        requireNonNull(alarmTopic, "alarmTopic");

        RunnerInstance.Parts runner = RunnerInstance.create(
                this,
                config,
                dataBucket,
                new RunnerInstance.Settings(
                        TwinrunConfig.Variant.EC2_PER_RUN,
                        RUNNER_LOG_GROUP,
                        List.of(
                                "--scheduler",
                                "boot",
                                "--log-group",
                                RUNNER_LOG_GROUP,
                                "--max-runtime-minutes",
                                String.valueOf(config.ec2PerRunMaxRuntimeMinutes())),
                        "twinrun EC2 per-run variant: SSM, the runner's logs, the job's bucket prefixes, its own assets",
                        "The instance is disposable by design: every new jar replaces it and all state lives in S3;"
                                + " it stops (not terminates) after each run."),
                // A poweroff from inside (the end of each run, or the watchdog) stops the instance.
                builder -> builder.instanceInitiatedShutdownBehavior(InstanceInitiatedShutdownBehavior.STOP));
        this.instance = runner.instance();
        this.runnerLogGroup = runner.logGroup();

        String instanceArn = "arn:" + Aws.PARTITION + ":ec2:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":instance/"
                + instance.getInstanceId();
        this.schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .assumedBy(ServicePrincipal.Builder.create("scheduler.amazonaws.com")
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                        .build())
                .description("twinrun EC2 per-run variant: lets EventBridge Scheduler start the runner instance, only")
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("StartRunnerInstance")
                .actions(List.of("ec2:StartInstances"))
                .resources(List.of(instanceArn))
                .build());

        this.schedule = CfnSchedule.Builder.create(this, "StartSchedule")
                .description("Starts the twinrun runner instance; it runs the due hours and stops itself")
                .scheduleExpression(config.scheduleExpression())
                .scheduleExpressionTimezone("UTC")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder()
                        .mode("OFF")
                        .build())
                .state("ENABLED")
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(String.format(START_INSTANCES_TARGET, Aws.PARTITION))
                        .roleArn(schedulerRole.getRoleArn())
                        .input(toJsonString(Map.of("InstanceIds", List.of(instance.getInstanceId()))))
                        // A start that fails (e.g. the instance is still stopping) is retried for up to 15 minutes.
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(5)
                                .maximumEventAgeInSeconds(900)
                                .build())
                        .build())
                .build();

        Alarms.atLeastOne(
                this,
                "FailedHoursAlarm",
                "twinrun EC2 per-run variant: a run failed an hour (its ERROR line is in " + RUNNER_LOG_GROUP + ")",
                Alarms.emf(Alarms.HOURS_FAILED, TwinrunConfig.Variant.EC2_PER_RUN, "Sum"),
                alarmTopic);
        Alarms.freshness(this, TwinrunConfig.Variant.EC2_PER_RUN, alarmTopic);
        Alarms.skippedInputs(this, TwinrunConfig.Variant.EC2_PER_RUN, alarmTopic);

        Outputs.insightsPrefix(this, config);
        CfnOutput.Builder.create(this, "InstanceId")
                .value(instance.getInstanceId())
                .build();
        CfnOutput.Builder.create(this, "ScheduleName").value(schedule.getRef()).build();
        CfnOutput.Builder.create(this, "StartCommand")
                .description("Start a run now (the instance stops itself when it is done)")
                .value("aws ec2 start-instances --instance-ids " + instance.getInstanceId())
                .build();
    }

    /** Two zones from the deploy-time region, so synth never looks zones up (no credentials needed). */
    @Override
    public List<String> getAvailabilityZones() {
        return RunnerInstance.twoZones();
    }

    /** The runner instance (stopped between runs). */
    public Instance instance() {
        return instance;
    }

    /** The schedule that starts it. */
    public CfnSchedule schedule() {
        return schedule;
    }

    /** The role the schedule starts the instance with. */
    public Role schedulerRole() {
        return schedulerRole;
    }

    /** The log group the runner's log is shipped to. */
    public LogGroup runnerLogGroup() {
        return runnerLogGroup;
    }
}
