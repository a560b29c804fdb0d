package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;
import software.constructs.Node;

/**
 * The Lambda fan-out variant: a Step Functions state machine, Plan (Lambda) then a Distributed Map running one Shard
 * Lambda per shard then Merge (Lambda), which publishes the hour byte-identical to a single run. Each function has
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

  /**
   * The fan-out's own settings, read from CDK context.
   *
   * <p>Defaults: at most 10 shards processed at once [fanoutMaxConcurrency, 1..1000]; an hourly schedule
   * [fanoutTrigger: {@code schedule} with the app's scheduleExpression, or {@code none}]; one shard per 256 MB of
   * input [fanoutShardTargetMb] and at most 200 shards [fanoutMaxShards, 1..500]; shard and merge functions time out
   * after 900 s [fanoutShardTimeoutSeconds].
   */
  public record Settings(int maxConcurrency, boolean schedule, int shardTargetMb, int maxShards,
                         int shardTimeoutSeconds) {
    public Settings {
      check(maxConcurrency >= 1 && maxConcurrency <= 1000, "fanoutMaxConcurrency must be 1..1000, was " + maxConcurrency);
      check(shardTargetMb >= 1, "fanoutShardTargetMb must be >= 1, was " + shardTargetMb);
      check(maxShards >= 1 && maxShards <= 500, "fanoutMaxShards must be 1..500, was " + maxShards);
      check(shardTimeoutSeconds >= 1 && shardTimeoutSeconds <= 900,
          "fanoutShardTimeoutSeconds must be 1..900, was " + shardTimeoutSeconds);
    }

    /** Every default. */
    public static Settings defaults() {
      return read(key -> null);
    }

    /** From the app's context, defaults for missing keys. */
    public static Settings fromContext(Node node) {
      return read(node::tryGetContext);
    }

    private static Settings read(Function<String, Object> context) {
      String trigger = string(context, "fanoutTrigger", "schedule").toLowerCase(Locale.ROOT);
      check(trigger.equals("schedule") || trigger.equals("none"),
          "fanoutTrigger: unknown value '" + trigger + "', expected schedule or none");
      return new Settings(integer(context, "fanoutMaxConcurrency", 10), trigger.equals("schedule"),
          integer(context, "fanoutShardTargetMb", 256), integer(context, "fanoutMaxShards", 200),
          integer(context, "fanoutShardTimeoutSeconds", 900));
    }

    private static String string(Function<String, Object> context, String key, String fallback) {
      Object value = context.apply(key);
      return value == null ? fallback : String.valueOf(value).trim();
    }

    private static int integer(Function<String, Object> context, String key, int fallback) {
      String value = string(context, key, null);
      if (value == null) {
        return fallback;
      }
      try {
        return value.contains(".") ? (int) Double.parseDouble(value) : Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": not a number: " + value, e);
      }
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  private final software.amazon.awscdk.services.lambda.Function plan;
  private final software.amazon.awscdk.services.lambda.Function shard;
  private final software.amazon.awscdk.services.lambda.Function merge;
  private final StateMachine stateMachine;
  private final DistributedMap map;

  /** Creates the fan-out variant against {@code dataBucket} (from {@link DataStack}). */
  public FanoutVariantStack(Construct scope, String id, StackProps props, TwinrunConfig config, Settings settings,
                            IBucket dataBucket) {
    super(scope, id, props);
    requireNonNull(config, "config");
    requireNonNull(settings, "settings");
    requireNonNull(dataBucket, "dataBucket");
    IBucket bucket = Bucket.fromBucketAttributes(this, "DataBucket", BucketAttributes.builder()
        .bucketName(dataBucket.getBucketName())
        .bucketArn(dataBucket.getBucketArn())
        .build());
    String shards = config.outputPrefix() + SHARDS_FOLDER;
    Map<String, String> env = new LinkedHashMap<>(config.jobEnvironment(bucket.getBucketName(),
        TwinrunConfig.Variant.FANOUT));
    env.put("TWINRUN_SHARD_TARGET_MB", Integer.toString(settings.shardTargetMb()));
    env.put("TWINRUN_MAX_SHARDS", Integer.toString(settings.maxShards()));

    // Plan: lists the hour's input and reads its manifest (is the hour current?); writes nothing.
    this.plan = function("Plan", PLAN_HANDLER, "cuts an hour into shards", 120, config, env, role -> List.of(
        PolicyStatement.Builder.create().sid("ListInputAndInsights").effect(Effect.ALLOW)
            .actions(List.of("s3:ListBucket")).resources(List.of(bucket.getBucketArn()))
            .conditions(Map.of("StringLike", Map.of("s3:prefix",
                List.of(config.inputPrefix() + "*", config.insightsPrefix() + "*"))))
            .build(),
        PolicyStatement.Builder.create().sid("ReadManifests").effect(Effect.ALLOW)
            .actions(List.of("s3:GetObject")).resources(List.of(bucket.arnForObjects(config.insightsPrefix() + "*")))
            .build()));
    // Shard: reads byte ranges of the input, writes its result under _shards/; nothing else.
    this.shard = function("Shard", SHARD_HANDLER, "parses one shard into a partial result",
        settings.shardTimeoutSeconds(), config, env, role -> List.of(
            PolicyStatement.Builder.create().sid("ReadInput").effect(Effect.ALLOW)
                .actions(JobDataAccess.INPUT_ACTIONS).resources(List.of(bucket.arnForObjects(config.inputPrefix() + "*")))
                .build(),
            PolicyStatement.Builder.create().sid("WriteShardResults").effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(bucket.arnForObjects(shards + "*")))
                .build()));
    // Merge: the job's own access (it publishes like a single run), plus reading and deleting shard results.
    this.merge = function("Merge", MERGE_HANDLER, "merges shard results and publishes the hour",
        settings.shardTimeoutSeconds(), config, env, role -> {
          new JobDataAccess(this, "MergeJobDataAccess", bucket, role, config);
          return List.of(PolicyStatement.Builder.create().sid("ReadAndDeleteShardResults").effect(Effect.ALLOW)
              .actions(List.of("s3:GetObject", "s3:DeleteObject"))
              .resources(List.of(bucket.arnForObjects(shards + "*")))
              .build());
        });

    LambdaInvoke planTask = LambdaInvoke.Builder.create(this, "PlanTask")
        .stateName("Plan")
        .lambdaFunction(plan)
        .outputPath("$.Payload")
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
        .payload(TaskInput.fromObject(Map.of(
            "hour", JsonPath.stringAt("$.hour"),
            "runId", JsonPath.stringAt("$.runId"),
            "shardCount", JsonPath.numberAt("$.shardCount"),
            "results", JsonPath.listAt("$.results"))))
        .outputPath("$.Payload")
        .build();

    LogGroup stateMachineLogs = LogGroup.Builder.create(this, "StateMachineLogs")
        .retention(config.logRetention())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
        .comment("twinrun fan-out: Plan -> Shards (Distributed Map) -> Merge")
        .definitionBody(DefinitionBody.fromChainable(planTask.next(map).next(mergeTask)))
        .timeout(Duration.hours(2))
        .logs(LogOptions.builder().destination(stateMachineLogs).level(LogLevel.ALL).includeExecutionData(false).build())
        .tracingEnabled(false)
        .build();
    Nag.suppress(stateMachine, "AwsSolutions-SF2",
        "X-Ray tracing would add its own cost to the variant being measured; the execution history, the state "
            + "machine's log group (level ALL) and each function's JSON logs and EMF metrics cover diagnosis.");
    Nag.suppress(stateMachine, "AwsSolutions-IAM5",
        "Step Functions invokes a function as <arn> or <arn>:<version/alias> (CDK grants both for each of the three "
            + "functions); the Distributed Map runs child executions of this state machine (execution:<name>/*); "
            + "log delivery actions have no resource type.",
        "Resource::<(Plan|Shard|Merge)Function[A-Za-z0-9]+\\.Arn>:\\*$",
        "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*",
        "Resource::\\*$");

    if (settings.schedule()) {
      Rule.Builder.create(this, "HourlySchedule")
          .description("Starts the twinrun fan-out for the previous hour")
          .schedule(Schedule.expression(config.scheduleExpression()))
          .targets(List.of(SfnStateMachine.Builder.create(stateMachine).build()))
          .build();
    }

    Alarm.Builder.create(this, "FailedExecutionsAlarm")
        .alarmDescription("twinrun fan-out: an execution failed (nothing was published for its hour)")
        .metric(stateMachine.metricFailed(MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build()))
        .threshold(1)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();

    CfnOutput.Builder.create(this, "StateMachineArn").value(stateMachine.getStateMachineArn()).build();
  }

  /** Builds the statements a function role needs (beyond its own logs) from that role. */
  private interface Access extends java.util.function.Function<Role, List<PolicyStatement>> {}

  private software.amazon.awscdk.services.lambda.Function function(String name, String handler, String what,
      int timeoutSeconds, TwinrunConfig config, Map<String, String> env, Access access) {
    LogGroup logs = LogGroup.Builder.create(this, name + "Logs")
        .retention(config.logRetention())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    Role role = Role.Builder.create(this, name + "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("twinrun fan-out " + name + ": its log group and the bucket prefixes it needs")
        .build();
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("WriteOwnLogs")
        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
        .resources(List.of(logs.getLogGroupArn()))
        .build());
    Policy data = Policy.Builder.create(this, name + "DataAccess").statements(access.apply(role)).build();
    role.attachInlinePolicy(data);
    Nag.suppress(data, "AwsSolutions-IAM5",
        "Object ARNs end in a prefix wildcard (the input, insights or _shards/ folder): keys are partitioned by date, "
            + "hour and run, and the prefix is the narrowest scope that still lets the step work.",
        "Resource::.*\\/(" + String.join("|", List.of(config.inputPrefix(), config.insightsPrefix(),
            config.outputPrefix() + SHARDS_FOLDER).stream().map(p -> p.replace("/", "\\/")).toList()) + ")\\*$");
    boolean java21 = config.lambdaRuntime().equals("java21");
    software.amazon.awscdk.services.lambda.Function fn =
        software.amazon.awscdk.services.lambda.Function.Builder.create(this, name + "Function")
            .description("twinrun fan-out " + name + ": " + what)
            .runtime(java21 ? Runtime.JAVA_21 : Runtime.JAVA_25)
            .architecture(config.lambdaArch() == TwinrunConfig.LambdaArch.ARM64 ? Architecture.ARM_64 : Architecture.X86_64)
            .memorySize(config.lambdaMemoryMb())
            .timeout(Duration.seconds(timeoutSeconds))
            .handler(handler)
            .code(Code.fromAsset(Artifacts.lambdaZip(this, config)))
            .role(role)
            .logGroup(logs)
            .environment(env)
            .build();
    fn.getNode().addDependency(data);
    if (java21) {
      Nag.suppress(fn, "AwsSolutions-L1",
          "java21 is the runtime the lambda-adapter is built and benchmarked for; java25 is selectable with "
              + "-c lambdaRuntime=java25.");
    }
    return fn;
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
