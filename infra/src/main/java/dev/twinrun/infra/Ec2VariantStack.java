package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.HttpTokens;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceArchitecture;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.s3.assets.AssetProps;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The EC2 variant: one Amazon Linux 2023 instance in a public-subnet-only VPC (no NAT gateway, an S3 gateway
 * endpoint), IMDSv2 only, no key pair and no inbound rule (SSM Session Manager instead), an encrypted gp3 root
 * volume; user data installs the runner jar and install bundle from S3 assets, so a new jar means a new instance.
 */
public final class Ec2VariantStack extends Stack {

    /** The log group the CloudWatch agent ships the runner's JSON log (and EMF lines) to. */
    public static final String RUNNER_LOG_GROUP = "/twinrun/ec2/runner";

    /**
     * What SSM Session Manager needs on the instance (the agent registers and opens its channels), as AWS's
     * "Create a custom IAM role for Session Manager" lists it; no ssm:GetParameter*, no ec2messages (Run Command).
     */
    public static final List<String> SESSION_MANAGER_ACTIONS = List.of(
            "ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel");

    /** Where user data puts the runner jar. */
    public static final String JAR_PATH = "/opt/twinrun/twinrun-ec2.jar";

    /** Where user data unpacks the install bundle. */
    public static final String INSTALL_DIR = "/opt/twinrun/install";

    private final Vpc vpc;
    private final Instance instance;
    private final SecurityGroup securityGroup;
    private final LogGroup runnerLogGroup;

    /** Creates the EC2 variant against {@code dataBucket} (from {@link DataStack}). */
    public Ec2VariantStack(
            Construct scope, String id, StackProps props, TwinrunConfig config, IBucket dataBucket, ITopic alarmTopic) {
        super(scope, id, props);
        requireNonNull(config, "config");
        requireNonNull(dataBucket, "dataBucket");
        requireNonNull(alarmTopic, "alarmTopic");

        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build()))
                .gatewayEndpoints(Map.of(
                        "S3",
                        GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.S3)
                                .build()))
                // Rejected traffic only: the instance makes few connections and accepted-flow logs would cost more.
                .flowLogs(Map.of(
                        "Rejects",
                        FlowLogOptions.builder()
                                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                                .trafficType(FlowLogTrafficType.REJECT)
                                .build()))
                .build();

        this.securityGroup = SecurityGroup.Builder.create(this, "InstanceSecurityGroup")
                .vpc(vpc)
                .description("twinrun runner: no inbound; HTTPS out to AWS APIs and package repositories")
                .allowAllOutbound(false)
                .build();
        securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to S3, SSM, CloudWatch, dnf repositories");

        this.runnerLogGroup = LogGroup.Builder.create(this, "RunnerLogs")
                .logGroupName(RUNNER_LOG_GROUP)
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Role role = Role.Builder.create(this, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("twinrun EC2 variant: SSM, the runner's logs, the job's bucket prefixes, its own assets")
                .build();
        // What Session Manager needs on the instance, and no more: AmazonSSMManagedInstanceCore would also let the
        // instance read every SSM parameter and document in the account.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("SessionManager")
                .actions(SESSION_MANAGER_ACTIONS)
                .resources(List.of("*"))
                .build());
        String logGroupsArn =
                "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:/twinrun/*";
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ShipRunnerLogs")
                .actions(List.of(
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "logs:DescribeLogStreams",
                        "logs:PutRetentionPolicy"))
                .resources(List.of(logGroupsArn, logGroupsArn + ":log-stream:*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("AgentMetrics")
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", List.of("twinrun", "CWAgent"))))
                .build());
        new JobDataAccess(this, "DataAccess", dataBucket, role, config);

        Optional<CustomJob> custom = CustomJob.of(this);
        String runnerJar = Artifacts.ec2Jar(this, config);
        Asset jar = new Asset(
                this,
                "RunnerJar",
                AssetProps.builder()
                        .path(custom.map(j -> j.ec2Jar(runnerJar)).orElse(runnerJar))
                        .build());
        Optional<Asset> spec = custom.filter(j -> j.spec() != null)
                .map(j -> new Asset(
                        this,
                        "JobSpec",
                        AssetProps.builder().path(j.spec().toString()).build()));
        Asset bundle = new Asset(
                this,
                "InstallBundle",
                AssetProps.builder().path(Artifacts.ec2InstallDir(this, config)).build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadOwnAssets")
                .actions(List.of("s3:GetObject"))
                .resources(Stream.concat(Stream.of(jar, bundle), spec.stream())
                        .map(a -> a.getBucket().arnForObjects(a.getS3ObjectKey()))
                        .toList())
                .build());
        Nag.suppress(
                role,
                "AwsSolutions-IAM5",
                "Log groups and streams under /twinrun/ are created by the CloudWatch agent and named at run time; "
                        + "cloudwatch:PutMetricData has no resource type, it is limited by the namespace condition instead; "
                        + "the Session Manager actions (ssmmessages channels, ssm:UpdateInstanceInformation for the "
                        + "instance itself) are granted on * as AWS documents them.",
                "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\\/twinrun\\/\\*.*",
                "Resource::\\*$");

        UserData userData = UserData.forLinux();
        List<String> commands = new ArrayList<>();
        commands.add("set -euo pipefail");
        commands.add("mkdir -p /etc/twinrun /opt/twinrun");
        commands.add("cat > /etc/twinrun/twinrun.env <<'TWINRUN_ENV'");
        Map<String, String> env =
                new TreeMap<>(config.jobEnvironment(dataBucket.getBucketName(), TwinrunConfig.Variant.EC2));
        env.put("AWS_REGION", Aws.REGION);
        if (custom.isPresent()) {
            env = new TreeMap<>(custom.get().environment(env, CustomJob.EC2_SPEC));
        }
        env.forEach((key, value) -> commands.add(key + "=" + value));
        commands.add("TWINRUN_ENV");
        commands.add("chmod 0644 /etc/twinrun/twinrun.env");
        commands.add("aws s3 cp --region " + Aws.REGION + " " + jar.getS3ObjectUrl() + " " + JAR_PATH);
        spec.ifPresent(a ->
                commands.add("aws s3 cp --region " + Aws.REGION + " " + a.getS3ObjectUrl() + " " + CustomJob.EC2_SPEC));
        commands.add("aws s3 cp --region " + Aws.REGION + " " + bundle.getS3ObjectUrl() + " /tmp/twinrun-install.zip");
        commands.add("rm -rf " + INSTALL_DIR + " && mkdir -p " + INSTALL_DIR);
        commands.add("python3 -m zipfile -e /tmp/twinrun-install.zip " + INSTALL_DIR);
        commands.add("bash " + INSTALL_DIR + "/install.sh " + JAR_PATH);
        userData.addCommands(commands.toArray(String[]::new));

        InstanceType instanceType = new InstanceType(config.instanceType());
        boolean arm = instanceType.getArchitecture() == InstanceArchitecture.ARM_64;
        this.instance = Instance.Builder.create(this, "Instance")
                .vpc(vpc)
                .vpcSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .instanceType(instanceType)
                .machineImage(MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                        .cpuType(arm ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
                        .build()))
                .securityGroup(securityGroup)
                .role(role)
                // IMDSv2 only, set on the instance itself (requireImdsv2 would add a launch template with a fixed
                // name).
                .httpTokens(HttpTokens.REQUIRED)
                .httpEndpoint(true)
                .httpPutResponseHopLimit(1)
                .userData(userData)
                .userDataCausesReplacement(true)
                .detailedMonitoring(false)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(
                                config.rootVolumeGb(),
                                EbsDeviceOptions.builder()
                                        .volumeType(EbsDeviceVolumeType.GP3)
                                        .encrypted(true)
                                        .deleteOnTermination(true)
                                        .build()))
                        .build()))
                .build();
        Nag.suppress(
                instance,
                "AwsSolutions-EC28",
                "Basic 5-minute monitoring is enough for an hourly job; detailed monitoring would add to the cost measured.");
        Nag.suppress(
                instance,
                "AwsSolutions-EC29",
                "The instance is disposable by design: every new jar replaces it and all state lives in S3.");

        Alarms.atLeastOne(
                this,
                "FailedHoursAlarm",
                "twinrun EC2 variant: a tick failed an hour (its ERROR line is in " + RUNNER_LOG_GROUP + ")",
                Alarms.emf(Alarms.HOURS_FAILED, TwinrunConfig.Variant.EC2, "Sum"),
                alarmTopic);
        Alarms.freshness(this, TwinrunConfig.Variant.EC2, alarmTopic);
        Alarms.skippedInputs(this, TwinrunConfig.Variant.EC2, alarmTopic);

        CfnOutput.Builder.create(this, "InstanceId")
                .value(instance.getInstanceId())
                .build();
        CfnOutput.Builder.create(this, "SessionCommand")
                .description("Shell on the instance without SSH")
                .value("aws ssm start-session --target " + instance.getInstanceId())
                .build();
    }

    /** Two zones from the deploy-time region, so synth never looks zones up (no credentials needed). */
    @Override
    public List<String> getAvailabilityZones() {
        return List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs()));
    }

    /** The VPC. */
    public Vpc vpc() {
        return vpc;
    }

    /** The runner instance. */
    public Instance instance() {
        return instance;
    }

    /** The instance's security group. */
    public SecurityGroup securityGroup() {
        return securityGroup;
    }

    /** The log group the runner's log is shipped to. */
    public LogGroup runnerLogGroup() {
        return runnerLogGroup;
    }
}
