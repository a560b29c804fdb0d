package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The Lambda fan-out variant: a Step Functions state machine, Plan (Lambda) then a Distributed Map running one Shard
 * Lambda per shard then Merge (Lambda), which publishes the hour byte-identical to a single run; then Plan again for
 * the next due hour, until none is due (the catch-up every trigger does, see docs/SCALE-OUT.md). Each function has
 * its own role scoped to the bucket prefixes it needs; the state machine's role invokes only the three functions.
 * Started by an hourly EventBridge rule ({@code fanoutTrigger=schedule}) or by hand ({@code none}).
 */
public final class FanoutVariantStack extends Stack {

    /** Handlers in the lambda-adapter zip. */
    public static final String PLAN_HANDLER = "dev.twinrun.lambda.fanout.PlanHandler::handleRequest";

    public static final String SHARD_HANDLER = "dev.twinrun.lambda.fanout.ShardHandler::handleRequest";
    public static final String MERGE_HANDLER = "dev.twinrun.lambda.fanout.MergeHandler::handleRequest";

    /** The folder (under the output prefix) where shard results live between the Shard and Merge steps. */
    public static final String SHARDS_FOLDER = "_shards/";

    /** The state machine's timeout: one execution catches up for at most this long, then the next start goes on. */
    static final long TIMEOUT_SECONDS = 2 * 3600;

    private final software.amazon.awscdk.services.lambda.Function plan;
    private final software.amazon.awscdk.services.lambda.Function shard;
    private final software.amazon.awscdk.services.lambda.Function merge;
    private final StateMachine stateMachine;
    private final DistributedMap map;

    /** Creates the fan-out variant against {@code dataBucket} (from {@link DataStack}). */
    public FanoutVariantStack(
            Construct scope, String id, StackProps props, TwinrunConfig config, IBucket dataBucket, ITopic alarmTopic) {
        super(scope, id, props);
        requireNonNull(config, "config");
        requireNonNull(dataBucket, "dataBucket");
        requireNonNull(alarmTopic, "alarmTopic");
        TwinrunConfig.Fanout settings = config.fanout();
        IBucket bucket = Bucket.fromBucketAttributes(
                this,
                "DataBucket",
                BucketAttributes.builder()
                        .bucketName(dataBucket.getBucketName())
                        .bucketArn(dataBucket.getBucketArn())
                        .build());
        String shards = config.outputPrefix() + SHARDS_FOLDER;
        Map<String, String> env =
                new LinkedHashMap<>(config.jobEnvironment(bucket.getBucketName(), TwinrunConfig.Variant.FANOUT));
        env.put("TWINRUN_SHARD_TARGET_MB", Integer.toString(settings.shardTargetMb()));
        env.put("TWINRUN_MAX_SHARDS", Integer.toString(settings.maxShards()));

        // Plan: lists the hour's input and reads its manifest (is the hour current?); writes nothing.
        this.plan = function(
                "Plan",
                PLAN_HANDLER,
                "cuts an hour into shards",
                120,
                config,
                env,
                role -> List.of(
                        PolicyStatement.Builder.create()
                                .sid("ListInputAndInsights")
                                .effect(Effect.ALLOW)
                                .actions(List.of("s3:ListBucket"))
                                .resources(List.of(bucket.getBucketArn()))
                                .conditions(Map.of(
                                        "StringLike",
                                        Map.of(
                                                "s3:prefix",
                                                List.of(config.inputPrefix() + "*", config.insightsPrefix() + "*"))))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("ReadManifests")
                                .effect(Effect.ALLOW)
                                .actions(List.of("s3:GetObject"))
                                .resources(List.of(bucket.arnForObjects(config.insightsPrefix() + "*")))
                                .build()));
        // Shard: reads byte ranges of the input, writes its result under _shards/; nothing else.
        this.shard = function(
                "Shard",
                SHARD_HANDLER,
                "parses one shard into a partial result",
                settings.shardTimeoutSeconds(),
                config,
                env,
                role -> List.of(
                        PolicyStatement.Builder.create()
                                .sid("ReadInput")
                                .effect(Effect.ALLOW)
                                .actions(JobDataAccess.INPUT_ACTIONS)
                                .resources(List.of(bucket.arnForObjects(config.inputPrefix() + "*")))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("WriteShardResults")
                                .effect(Effect.ALLOW)
                                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                                .resources(List.of(bucket.arnForObjects(shards + "*")))
                                .build()));
        // Merge: the job's own access (it publishes like a single run), plus reading and deleting shard results.
        this.merge = function(
                "Merge",
                MERGE_HANDLER,
                "merges shard results and publishes the hour",
                settings.shardTimeoutSeconds(),
                config,
                env,
                role -> {
                    new JobDataAccess(this, "MergeJobDataAccess", bucket, role, config);
                    return List.of(PolicyStatement.Builder.create()
                            .sid("ReadAndDeleteShardResults")
                            .effect(Effect.ALLOW)
                            .actions(List.of("s3:GetObject", "s3:DeleteObject"))
                            .resources(List.of(bucket.arnForObjects(shards + "*")))
                            .build());
                });

        // Plan picks an hour (the named one, or on a schedule the oldest due one) and cuts it into shards; after
        // each hour, PlanNext picks the oldest due hour after it, until Plan answers done. A failed hour is caught
        // and handed to PlanAfterFailure, which counts it and goes on; the last Plan step fails naming it. What a step
        // carries to the next (the loop) is a few hundred bytes, kept in the workflow variable loop, so the catch can
        // replace the state with the error and the state never grows past one hour's plan and answers.
        LambdaInvoke planTask = LambdaInvoke.Builder.create(this, "PlanTask")
                .stateName("Plan")
                .lambdaFunction(plan)
                .outputPath("$.Payload")
                .build();
        LambdaInvoke planNext = LambdaInvoke.Builder.create(this, "PlanNextTask")
                .stateName("PlanNext")
                .lambdaFunction(plan)
                .payload(TaskInput.fromObject(nextPlanPayload(false, budgetSeconds(settings))))
                .outputPath("$.Payload")
                .build();
        LambdaInvoke planAfterFailure = LambdaInvoke.Builder.create(this, "PlanAfterFailureTask")
                .stateName("PlanAfterFailure")
                .lambdaFunction(plan)
                .payload(TaskInput.fromObject(nextPlanPayload(true, budgetSeconds(settings))))
                .outputPath("$.Payload")
                .build();
        Choice hourDue = Choice.Builder.create(this, "HourDueChoice")
                .stateName("HourDue")
                .comment("Plan answers done when no hour is left to plan; the loop is kept for the next Plan step")
                .assign(Map.of("loop", JsonPath.objectAt("$.loop")))
                .build();
        Succeed noHourDue = Succeed.Builder.create(this, "NoHourDueState")
                .stateName("NoHourDue")
                .build();
        LambdaInvoke shardTask = LambdaInvoke.Builder.create(this, "ShardTask")
                .stateName("Shard")
                .lambdaFunction(shard)
                .outputPath("$.Payload")
                .build();
        shardTask.addRetry(RetryProps.builder()
                .errors(List.of("States.TaskFailed"))
                .interval(Duration.seconds(5))
                .maxAttempts(2)
                .backoffRate(2)
                .build());
        this.map = DistributedMap.Builder.create(this, "ShardsMap")
                .stateName("Shards")
                .comment("one Shard invocation per plan item; results are small, the partials are in S3")
                .itemsPath("$.shards")
                .maxConcurrency(settings.maxConcurrency())
                .toleratedFailurePercentage(0)
                .resultPath("$.results")
                .build();
        map.itemProcessor(shardTask);
        LambdaInvoke mergeTask = LambdaInvoke.Builder.create(this, "MergeTask")
                .stateName("Merge")
                .lambdaFunction(merge)
                .payload(TaskInput.fromObject(mergePayload()))
                .outputPath("$.Payload")
                .build();
        // The catch's result path is the whole state: the error ({"Error","Cause"}) replaces the plan and answers.
        CatchProps hourFailed = CatchProps.builder()
                .errors(List.of("States.ALL"))
                .resultPath("$")
                .build();
        map.addCatch(planAfterFailure, hourFailed);
        mergeTask.addCatch(planAfterFailure, hourFailed);
        planTask.next(hourDue);
        hourDue.when(Condition.booleanEquals("$.done", true), noHourDue).otherwise(map);
        map.next(mergeTask);
        mergeTask.next(planNext);
        planNext.next(hourDue);
        planAfterFailure.next(hourDue);

        LogGroup stateMachineLogs = LogGroup.Builder.create(this, "StateMachineLogs")
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .comment("twinrun fan-out: Plan -> Shards (Distributed Map) -> Merge, then the next due hour")
                .definitionBody(DefinitionBody.fromChainable(planTask))
                .timeout(Duration.seconds(TIMEOUT_SECONDS))
                .logs(LogOptions.builder()
                        .destination(stateMachineLogs)
                        .level(LogLevel.ALL)
                        .includeExecutionData(false)
                        .build())
                .tracingEnabled(false)
                .build();
        Nag.suppress(
                stateMachine,
                "AwsSolutions-SF2",
                "X-Ray tracing would add its own cost to the variant being measured; the execution history, the state "
                        + "machine's log group (level ALL) and each function's JSON logs and EMF metrics cover diagnosis.");
        Nag.suppress(
                stateMachine,
                "AwsSolutions-IAM5",
                "Step Functions invokes a function as <arn> or <arn>:<version/alias> (CDK grants both for each of the three "
                        + "functions); the Distributed Map runs child executions of this state machine (execution:<name>/*); "
                        + "log delivery actions have no resource type.",
                "Resource::<(Plan|Shard|Merge)Function[A-Za-z0-9]+\\.Arn>:\\*$",
                "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*",
                "Resource::\\*$");

        if (settings.schedule()) {
            Rule.Builder.create(this, "HourlySchedule")
                    .description("Starts the twinrun fan-out: every due hour up to the previous one, oldest first")
                    .schedule(Schedule.expression(config.scheduleExpression()))
                    .targets(
                            List.of(SfnStateMachine.Builder.create(stateMachine).build()))
                    .build();
        }

        Alarms.atLeastOne(
                this,
                "FailedExecutionsAlarm",
                "twinrun fan-out: an execution failed (nothing was published for its hour)",
                stateMachine.metricFailed(MetricOptions.builder()
                        .period(Duration.hours(1))
                        .statistic("Sum")
                        .build()),
                alarmTopic);
        Alarms.freshness(this, TwinrunConfig.Variant.FANOUT, alarmTopic);
        Alarms.skippedInputs(this, TwinrunConfig.Variant.FANOUT, alarmTopic);

        CfnOutput.Builder.create(this, "StateMachineArn")
                .value(stateMachine.getStateMachineArn())
                .build();
    }

    /**
     * Seconds after its start an execution stops planning new hours: the timeout less the longest an hour's Shards
     * (three attempts) and Merge can take, so a started hour ends before the timeout. The hours left stay due.
     */
    static long budgetSeconds(TwinrunConfig.Fanout settings) {
        long budget = TIMEOUT_SECONDS - 4L * settings.shardTimeoutSeconds();
        if (budget < 60) {
            throw new IllegalArgumentException("fan-out shard timeout " + settings.shardTimeoutSeconds()
                    + " s leaves no time to plan within the state machine's " + TIMEOUT_SECONDS + " s timeout");
        }
        return budget;
    }

    /** PlanNext's (and PlanAfterFailure's, with the caught error) input: the loop variable and the time budget. */
    private static Map<String, Object> nextPlanPayload(boolean afterFailure, long budgetSeconds) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("loop.$", "$loop");
        if (afterFailure) {
            payload.put("error", JsonPath.objectAt("$"));
        }
        payload.put("executionStart", JsonPath.stringAt("$$.Execution.StartTime"));
        payload.put("budgetSeconds", budgetSeconds);
        return payload;
    }

    /** The Merge task's input, in a fixed order so the synthesized definition is the same on every run. */
    private static Map<String, Object> mergePayload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("hour", JsonPath.stringAt("$.hour"));
        payload.put("runId", JsonPath.stringAt("$.runId"));
        payload.put("shardCount", JsonPath.numberAt("$.shardCount"));
        payload.put("results", JsonPath.listAt("$.results"));
        return payload;
    }

    /** Builds the statements a function role needs (beyond its own logs) from that role. */
    private interface Access extends Function<Role, List<PolicyStatement>> {}

    private software.amazon.awscdk.services.lambda.Function function(
            String name,
            String handler,
            String what,
            int timeoutSeconds,
            TwinrunConfig config,
            Map<String, String> env,
            Access access) {
        JobFunction job = new JobFunction(
                this,
                name + "Function",
                config,
                new JobFunction.Props(
                        name + "Logs",
                        name + "Role",
                        "twinrun fan-out " + name + ": " + what,
                        "twinrun fan-out " + name + ": its log group and the bucket prefixes it needs",
                        handler,
                        timeoutSeconds,
                        env));
        Policy data = Policy.Builder.create(this, name + "DataAccess")
                .statements(access.apply(job.role()))
                .build();
        job.role().attachInlinePolicy(data);
        Nag.suppress(
                data,
                "AwsSolutions-IAM5",
                "Object ARNs end in a prefix wildcard (the input, insights or _shards/ folder): keys are partitioned by date, "
                        + "hour and run, and the prefix is the narrowest scope that still lets the step work.",
                "Resource::.*\\/("
                        + String.join(
                                "|",
                                List.of(
                                                config.inputPrefix(),
                                                config.insightsPrefix(),
                                                config.outputPrefix() + SHARDS_FOLDER)
                                        .stream()
                                        .map(p -> p.replace("/", "\\/"))
                                        .toList())
                        + ")\\*$");
        job.function().getNode().addDependency(data);
        return job.function();
    }

    /** The Plan function. */
    public software.amazon.awscdk.services.lambda.Function plan() {
        return plan;
    }

    /** The Shard function (one invocation per Map item). */
    public software.amazon.awscdk.services.lambda.Function shard() {
        return shard;
    }

    /** The Merge function. */
    public software.amazon.awscdk.services.lambda.Function merge() {
        return merge;
    }

    /** The state machine. */
    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** The Distributed Map state. */
    public DistributedMap map() {
        return map;
    }
}
