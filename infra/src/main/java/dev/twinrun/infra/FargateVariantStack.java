package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.s3.assets.AssetProps;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The Fargate variant: the EC2 runner's jar and settings as an hourly ECS Fargate task, started by an EventBridge
 * Scheduler schedule ({@code scheduleExpression}, UTC) through its {@code ecs:RunTask} target.
 *
 * <p>No image is built and nothing needs Docker: the task has two containers from the ECR Public gallery. {@code fetch}
 * (the AWS CLI image) copies the runner jar, a CDK S3 asset like the EC2 variant's, with the task role into a volume
 * of the task's ephemeral storage and exits; {@code runner} (Amazon Corretto) starts when it succeeded and runs
 * {@code java -jar twinrun-ec2.jar run-due} once, under {@code timeout} at {@code fargateMaxRuntimeMinutes}. A Java
 * image has no AWS CLI and an S3 asset needs signed requests, so a second public image does the download; the
 * alternatives were an image built and pushed at deploy time (Docker, or Jib with registry access) or a download
 * launcher written into the command.
 *
 * <p>The task runs in a public subnet of its own VPC (no NAT gateway, an S3 gateway endpoint, reject flow logs) with
 * a public IPv4 address, which bills per hour while the task runs; the images are pulled over it. Logs go to
 * {@value #RUNNER_LOG_GROUP} ({@code awslogs}), where the runner's EMF lines become metrics. The task role has the
 * job's data access ({@link JobDataAccess}) and may read the jar asset; the execution role may write the log group.
 */
public final class FargateVariantStack extends Stack {

    /** The runner's log group. */
    public static final String RUNNER_LOG_GROUP = "/twinrun/fargate/runner";

    /** Where the fetch container puts the jar, in the shared volume. */
    public static final String JAR_PATH = "/twinrun/twinrun-ec2.jar";

    private final Cluster cluster;
    private final FargateTaskDefinition taskDefinition;
    private final CfnSchedule schedule;
    private final Role schedulerRole;
    private final LogGroup logGroup;

    /** Creates the Fargate variant against {@code dataBucket} (from {@link DataStack}). */
    public FargateVariantStack(
            Construct scope, String id, StackProps props, TwinrunConfig config, IBucket dataBucket, ITopic alarmTopic) {
        super(scope, id, props);
        requireNonNull(config, "config");
        requireNonNull(dataBucket, "dataBucket");
        requireNonNull(alarmTopic, "alarmTopic");
        TwinrunConfig.FargateTask task = config.fargate();

        Vpc vpc = RunnerInstance.network(this, config);
        SecurityGroup securityGroup = RunnerInstance.httpsOutOnly(
                this,
                vpc,
                "twinrun Fargate task: no inbound; HTTPS out to AWS APIs and the ECR Public gallery",
                "HTTPS to S3, CloudWatch Logs, ECR Public");

        this.cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.DISABLED)
                .build();
        Nag.suppress(
                cluster,
                "AwsSolutions-ECS4",
                "One short task an hour: Container Insights would bill custom metrics all month for what the runner's"
                        + " own EMF metrics and the task's log already show.");

        this.logGroup = LogGroup.Builder.create(this, "RunnerLogs")
                .logGroupName(RUNNER_LOG_GROUP)
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        this.taskDefinition = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(task.cpu())
                .memoryLimitMiB(task.memoryMb())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(
                                task.arch() == TwinrunConfig.LambdaArch.ARM64
                                        ? CpuArchitecture.ARM64
                                        : CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .build();
        taskDefinition.addVolume(Volume.builder().name("runner").build());
        IRole taskRole = taskDefinition.getTaskRole();
        new JobDataAccess(this, "DataAccess", dataBucket, taskRole, config);

        Optional<CustomJob> custom = CustomJob.of(this);
        if (custom.isPresent() && custom.get().spec() != null) {
            throw new IllegalArgumentException("-c job=" + custom.get().spec()
                    + ": a job spec is shipped to the Lambda and EC2 variants, not yet to the Fargate task; deploy"
                    + " those, or package the job as -c transformationJar=");
        }
        String runnerJar = Artifacts.ec2Jar(this, config);
        String jarPath = custom.map(j -> j.ec2Jar(runnerJar)).orElse(runnerJar);
        Asset jar =
                new Asset(this, "RunnerJar", AssetProps.builder().path(jarPath).build());
        Outputs.runner(this, jarPath, RUNNER_LOG_GROUP, config.scheduleExpression());
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadOwnJar")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(jar.getBucket().arnForObjects(jar.getS3ObjectKey())))
                .build());

        ContainerDefinition fetch = taskDefinition.addContainer(
                "fetch",
                ContainerDefinitionOptions.builder()
                        .image(ContainerImage.fromRegistry(task.fetchImage()))
                        .essential(false)
                        .command(List.of(
                                "s3",
                                "cp",
                                "--only-show-errors",
                                "--region",
                                Aws.REGION,
                                jar.getS3ObjectUrl(),
                                JAR_PATH))
                        .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logGroup)
                                .streamPrefix("fetch")
                                .build()))
                        .build());
        fetch.addMountPoints(mount());

        Map<String, String> env =
                new LinkedHashMap<>(config.jobEnvironment(dataBucket.getBucketName(), TwinrunConfig.Variant.FARGATE));
        env.put("AWS_REGION", Aws.REGION);
        // One task, one run: the lock only guards this task; its log goes to stdout (awslogs), no state file.
        env.put("TWINRUN_LOCK_FILE", "/twinrun/runner.lock");
        env.put("TWINRUN_LOG_FILE", "none");
        env.put("TWINRUN_STATE_FILE", "none");
        if (custom.isPresent()) {
            env = new LinkedHashMap<>(custom.get().environment(env, null));
        }
        ContainerDefinition runner = taskDefinition.addContainer(
                "runner",
                ContainerDefinitionOptions.builder()
                        .image(ContainerImage.fromRegistry(task.image()))
                        .essential(true)
                        .entryPoint(List.of("sh", "-c"))
                        .command(List.of(runCommand(task)))
                        .environment(env)
                        .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logGroup)
                                .streamPrefix("runner")
                                .build()))
                        .build());
        runner.addMountPoints(mount());
        runner.addContainerDependencies(ContainerDependency.builder()
                .container(fetch)
                .condition(ContainerDependencyCondition.SUCCESS)
                .build());
        Nag.suppress(
                taskDefinition,
                "AwsSolutions-ECS2",
                "The environment holds the job's settings (bucket name, prefixes, transformation, variant), the same"
                        + " values the EC2 variant writes to /etc/twinrun/twinrun.env; no secret is among them.");

        String taskDefinitionFamilyArn = "arn:" + Aws.PARTITION + ":ecs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                + ":task-definition/" + taskDefinition.getFamily() + ":*";
        this.schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .assumedBy(ServicePrincipal.Builder.create("scheduler.amazonaws.com")
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                        .build())
                .description("twinrun Fargate variant: lets EventBridge Scheduler run the task, only")
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("RunRunnerTask")
                .actions(List.of("ecs:RunTask"))
                .resources(List.of(taskDefinition.getTaskDefinitionArn(), taskDefinitionFamilyArn))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", cluster.getClusterArn())))
                .build());
        schedulerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("PassTaskRoles")
                .actions(List.of("iam:PassRole"))
                .resources(List.of(
                        taskRole.getRoleArn(),
                        taskDefinition.obtainExecutionRole().getRoleArn()))
                .conditions(Map.of("StringLike", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                .build());
        Nag.suppress(
                schedulerRole,
                "AwsSolutions-IAM5",
                "ecs:RunTask names the task definition family with any revision (a deploy registers a new revision"
                        + " while the schedule may still hold the previous one), on this cluster only.",
                "Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task-definition/.*:\\*$");

        this.schedule = CfnSchedule.Builder.create(this, "RunSchedule")
                .description("Runs the twinrun Fargate task for the due hours")
                .scheduleExpression(config.scheduleExpression())
                .scheduleExpressionTimezone("UTC")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder()
                        .mode("OFF")
                        .build())
                .state("ENABLED")
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(cluster.getClusterArn())
                        .roleArn(schedulerRole.getRoleArn())
                        .ecsParameters(CfnSchedule.EcsParametersProperty.builder()
                                .taskDefinitionArn(taskDefinition.getTaskDefinitionArn())
                                .launchType("FARGATE")
                                .platformVersion("LATEST")
                                .taskCount(1)
                                .networkConfiguration(CfnSchedule.NetworkConfigurationProperty.builder()
                                        .awsvpcConfiguration(CfnSchedule.AwsVpcConfigurationProperty.builder()
                                                .subnets(vpc.selectSubnets(SubnetSelection.builder()
                                                                .subnetType(SubnetType.PUBLIC)
                                                                .build())
                                                        .getSubnetIds())
                                                .securityGroups(List.of(securityGroup.getSecurityGroupId()))
                                                // No NAT gateway: the image pulls and AWS APIs go out this address.
                                                .assignPublicIp("ENABLED")
                                                .build())
                                        .build())
                                .build())
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(5)
                                .maximumEventAgeInSeconds(900)
                                .build())
                        .build())
                .build();

        Alarms.atLeastOne(
                this,
                "FailedHoursAlarm",
                "twinrun Fargate variant: a run failed an hour (its ERROR line is in " + RUNNER_LOG_GROUP + ")",
                Alarms.emf(Alarms.HOURS_FAILED, TwinrunConfig.Variant.FARGATE, "Sum"),
                alarmTopic);
        Alarms.freshness(this, TwinrunConfig.Variant.FARGATE, alarmTopic);
        Alarms.skippedInputs(this, TwinrunConfig.Variant.FARGATE, alarmTopic);

        Outputs.insightsPrefix(this, config);
        CfnOutput.Builder.create(this, "ClusterName")
                .value(cluster.getClusterName())
                .build();
        CfnOutput.Builder.create(this, "TaskDefinitionArn")
                .value(taskDefinition.getTaskDefinitionArn())
                .build();
        CfnOutput.Builder.create(this, "ScheduleName").value(schedule.getRef()).build();
    }

    /** The runner's shell command: the jar's run-due, stopped at the maximum runtime. */
    static String runCommand(TwinrunConfig.FargateTask task) {
        return "exec timeout -s TERM -k 30 " + task.maxRuntimeMinutes() + "m"
                + " java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=75 -jar " + JAR_PATH
                + " run-due";
    }

    private static MountPoint mount() {
        return MountPoint.builder()
                .sourceVolume("runner")
                .containerPath("/twinrun")
                .readOnly(false)
                .build();
    }

    /** Two zones from the deploy-time region, so synth never looks zones up (no credentials needed). */
    @Override
    public List<String> getAvailabilityZones() {
        return RunnerInstance.twoZones();
    }

    /** The cluster. */
    public Cluster cluster() {
        return cluster;
    }

    /** The task definition. */
    public FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }

    /** The schedule that runs the task. */
    public CfnSchedule schedule() {
        return schedule;
    }

    /** The role the schedule runs the task with. */
    public Role schedulerRole() {
        return schedulerRole;
    }

    /** The runner's log group. */
    public LogGroup logGroup() {
        return logGroup;
    }
}
