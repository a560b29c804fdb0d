package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The Lambda variant: the function from the lambda-adapter zip, started by S3 ObjectCreated under the input prefix
 * or by an hourly schedule (with {@code lambdaSnapStart=true}: SnapStart on published versions, and the trigger on
 * the alias {@value #ALIAS} of the current version); failed async invocations go to an SQS queue after the configured retries; alarms on
 * function errors, on the failure queue and on two hours without an hour run, all notifying the alarm topic.
 */
public final class LambdaVariantStack extends Stack {

    /**
     * The handler for the S3 trigger: the class alone, so the runtime calls it as the {@code RequestStreamHandler} it
     * is (the event's bytes; the class's {@code handleRequest(Map, Context)} is for tests and would have the runtime
     * build an object mapper at INIT).
     */
    public static final String S3_HANDLER = "dev.twinrun.lambda.S3EventHandler";

    /** The exporter's completion marker under an hour's folder ({@code PublishPolicy.DEFAULT_MARKER}). */
    public static final String COMPLETION_MARKER = "_COMPLETE";

    /** The function's environment: the job's, and for the S3 trigger the debounce settings. */
    static Map<String, String> lambdaEnvironment(TwinrunConfig config, String bucketName) {
        Map<String, String> env =
                new java.util.TreeMap<>(config.jobEnvironment(bucketName, TwinrunConfig.Variant.LAMBDA));
        if (config.trigger() == TwinrunConfig.Trigger.S3) {
            env.putAll(config.debounce().environment());
        }
        return env;
    }

    /** The handler for the schedule trigger (processes the previous hour); the class alone, as {@link #S3_HANDLER}. */
    public static final String SCHEDULE_HANDLER = "dev.twinrun.lambda.ScheduledHourHandler";

    /** The construct id CDK gives the shared S3 notifications handler. */
    private static final String NOTIFICATIONS_HANDLER_ID = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834";

    /** The alias the triggers invoke when SnapStart is on. */
    public static final String ALIAS = "live";

    private final Function function;
    private final Alias alias;
    private final Queue failureQueue;
    private final LogGroup logGroup;

    /** Creates the Lambda variant against {@code dataBucket} (from {@link DataStack}). */
    public LambdaVariantStack(
            Construct scope, String id, StackProps props, TwinrunConfig config, IBucket dataBucket, ITopic alarmTopic) {
        super(scope, id, props);
        requireNonNull(config, "config");
        requireNonNull(dataBucket, "dataBucket");
        requireNonNull(alarmTopic, "alarmTopic");
        // Imported, so the S3 notification lives in this stack and the data stack never refers back to it.
        IBucket bucket = Bucket.fromBucketAttributes(
                this,
                "DataBucket",
                BucketAttributes.builder()
                        .bucketName(dataBucket.getBucketName())
                        .bucketArn(dataBucket.getBucketArn())
                        .build());

        this.failureQueue = Queue.Builder.create(this, "FailureQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.suppress(
                failureQueue,
                "AwsSolutions-SQS3",
                "This queue is the function's on-failure destination (its dead-letter queue); it needs none itself.");

        JobFunction job = new JobFunction(
                this,
                "Function",
                config,
                new JobFunction.Props(
                        "Logs",
                        "FunctionRole",
                        "twinrun job, Lambda variant ("
                                + config.trigger().name().toLowerCase() + " trigger)",
                        "twinrun Lambda variant: its log group, the job's bucket prefixes, its failure queue",
                        config.trigger() == TwinrunConfig.Trigger.S3 ? S3_HANDLER : SCHEDULE_HANDLER,
                        config.lambdaTimeoutSeconds(),
                        lambdaEnvironment(config, bucket.getBucketName())),
                fn -> {
                    fn.retryAttempts(config.lambdaRetryAttempts())
                            .maxEventAge(Duration.hours(6))
                            .onFailure(new SqsDestination(failureQueue));
                    if (config.debounce().reservedConcurrency() > 0) {
                        fn.reservedConcurrentExecutions(config.debounce().reservedConcurrency());
                    }
                    if (config.lambdaSnapStart()) {
                        fn.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
                    }
                });
        this.function = job.function();
        // With SnapStart the triggers invoke an alias of the published version (SnapStart applies to published
        // versions only, never to $LATEST); the alias gets the same async retries and failure destination.
        this.alias = config.lambdaSnapStart()
                ? Alias.Builder.create(this, "LiveAlias")
                        .aliasName(ALIAS)
                        .version(function.getCurrentVersion())
                        .description("The published version the triggers invoke (SnapStart)")
                        .retryAttempts(config.lambdaRetryAttempts())
                        .maxEventAge(Duration.hours(6))
                        .onFailure(new SqsDestination(failureQueue))
                        .build()
                : null;
        if (alias != null) {
            Annotations.of(function)
                    .acknowledgeWarning(
                            "@aws-cdk/aws-lambda:snapStartRequirePublish",
                            "the alias '" + ALIAS + "' publishes the current version, and the triggers invoke it");
        }
        IFunction invoked = alias != null ? alias : function;
        this.logGroup = job.logGroup();
        new JobDataAccess(this, "DataAccess", bucket, job.role(), config);

        if (config.trigger() == TwinrunConfig.Trigger.S3) {
            bucket.addEventNotification(
                    EventType.OBJECT_CREATED,
                    new LambdaDestination(invoked),
                    NotificationKeyFilter.builder()
                            .prefix(config.inputPrefix())
                            .suffix(".csv")
                            .build());
            // The exporter's completion marker (dt=../hour=HH/_COMPLETE) publishes the hour as final at once.
            bucket.addEventNotification(
                    EventType.OBJECT_CREATED,
                    new LambdaDestination(invoked),
                    NotificationKeyFilter.builder()
                            .prefix(config.inputPrefix())
                            .suffix("/" + COMPLETION_MARKER)
                            .build());
            if (config.debounce().quietMinutes() > 0) {
                // The debounce's "later": publishes the hours whose newest file is quiet, and final hours.
                Rule.Builder.create(this, "DebounceSchedule")
                        .description("Publishes the twinrun hours whose files stopped arriving")
                        .schedule(
                                Schedule.rate(Duration.minutes(config.debounce().scheduleMinutes())))
                        .targets(List.of(LambdaFunction.Builder.create(invoked).build()))
                        .build();
            }
            IConstruct handler = getNode().tryFindChild(NOTIFICATIONS_HANDLER_ID);
            if (handler != null) {
                Nag.suppress(
                        handler,
                        "AwsSolutions-IAM4",
                        "CDK's own handler that installs the bucket notification at deploy time uses "
                                + "AWSLambdaBasicExecutionRole; it runs only during deploys.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
            }
        } else {
            Rule.Builder.create(this, "HourlySchedule")
                    .description("Starts the twinrun Lambda for the previous hour")
                    .schedule(Schedule.expression(config.scheduleExpression()))
                    .targets(List.of(LambdaFunction.Builder.create(invoked).build()))
                    .build();
        }

        Alarms.atLeastOne(
                this,
                "ErrorsAlarm",
                "twinrun Lambda variant: a run failed",
                function.metricErrors(MetricOptions.builder()
                        .period(Duration.hours(1))
                        .statistic("Sum")
                        .build()),
                alarmTopic);
        Alarms.atLeastOne(
                this,
                "FailureQueueAlarm",
                "twinrun Lambda variant: an event failed after all retries (see the failure queue)",
                failureQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5))
                        .statistic("Maximum")
                        .build()),
                alarmTopic);
        Alarms.freshness(this, TwinrunConfig.Variant.LAMBDA, alarmTopic);
        Alarms.skippedInputs(this, TwinrunConfig.Variant.LAMBDA, alarmTopic);

        Outputs.insightsPrefix(this, config);
        CfnOutput.Builder.create(this, "FunctionName")
                .value(function.getFunctionName())
                .build();
        if (alias != null) {
            CfnOutput.Builder.create(this, "InvokedAliasArn")
                    .description("What the triggers invoke: the SnapStart version's alias")
                    .value(alias.getFunctionArn())
                    .build();
        }
        CfnOutput.Builder.create(this, "FailureQueueUrl")
                .value(failureQueue.getQueueUrl())
                .build();
    }

    /** The function. */
    public Function function() {
        return function;
    }

    /** The alias the triggers invoke, or null without SnapStart (they invoke the function). */
    public Alias alias() {
        return alias;
    }

    /** The on-failure destination. */
    public Queue failureQueue() {
        return failureQueue;
    }

    /** The function's log group. */
    public LogGroup logGroup() {
        return logGroup;
    }
}
