package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
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

/**
 * What both EC2 variants deploy: a public-subnet-only VPC (no NAT gateway, an S3 gateway endpoint, reject-only flow
 * logs), a security group with HTTPS out only, the runner's log group, the instance role (Session Manager, its logs,
 * the agent's metrics, {@link JobDataAccess}, its own assets), and one Amazon Linux 2023 instance (IMDSv2 only, no key
 * pair, encrypted gp3 root) whose user data writes the job's settings and runs the install bundle's {@code install.sh}.
 *
 * <p>Every construct is created directly in the stack under the ids {@link Ec2VariantStack} gave them before this
 * class existed, so that stack's logical ids stay the same.
 */
final class RunnerInstance {

    /**
     * What differs between the EC2 variants.
     *
     * @param variant the variant ({@code TWINRUN_VARIANT})
     * @param logGroupName the runner's log group (the install bundle's agent config ships the runner log there)
     * @param installArgs options for {@code install.sh} before the jar
     * @param roleDescription the instance role's description
     * @param ec29Reason why the instance has no termination protection
     */
    record Settings(
            TwinrunConfig.Variant variant,
            String logGroupName,
            List<String> installArgs,
            String roleDescription,
            String ec29Reason) {
        Settings {
            requireNonNull(variant, "variant");
            requireNonNull(logGroupName, "logGroupName");
            installArgs = List.copyOf(installArgs);
            requireNonNull(roleDescription, "roleDescription");
            requireNonNull(ec29Reason, "ec29Reason");
        }
    }

    /** What {@link #create} made. */
    record Parts(Vpc vpc, SecurityGroup securityGroup, LogGroup logGroup, Role role, Instance instance) {}

    /** The install bundle's {@code twinrun-run-due.timer} ({@code OnCalendar=*-*-* *:05:00}) in Scheduler syntax. */
    static final String EC2_TIMER_SCHEDULE = "cron(5 * * * ? *)";

    private RunnerInstance() {}

    /**
     * Two zones from the deploy-time region ({@code Fn::GetAZs}), for a runner stack's {@code getAvailabilityZones}, so
     * synth never looks zones up (no credentials needed).
     */
    static List<String> twoZones() {
        return List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs()));
    }

    /**
     * The runner's network in {@code stack}: a VPC with public subnets in two zones only (no NAT gateway), an S3
     * gateway endpoint, and flow logs of rejected traffic to a log group with the configured retention.
     */
    static Vpc network(Stack stack, TwinrunConfig config) {
        LogGroup flowLogs = LogGroup.Builder.create(stack, "FlowLogs")
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Vpc vpc = Vpc.Builder.create(stack, "Vpc")
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
        return vpc;
    }

    /** A security group of {@code vpc} with no inbound rule and HTTPS (443) out only. */
    static SecurityGroup httpsOutOnly(Stack stack, Vpc vpc, String description, String egressDescription) {
        SecurityGroup securityGroup = SecurityGroup.Builder.create(stack, "InstanceSecurityGroup")
                .vpc(vpc)
                .description(description)
                .allowAllOutbound(false)
                .build();
        securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), egressDescription);
        return securityGroup;
    }

    /** Creates the runner's network, role and instance in {@code stack}. */
    static Parts create(Stack stack, TwinrunConfig config, IBucket dataBucket, Settings settings) {
        return create(stack, config, dataBucket, settings, builder -> {});
    }

    /** As {@link #create(Stack, TwinrunConfig, IBucket, Settings)}; {@code builder} sets further instance options. */
    static Parts create(
            Stack stack,
            TwinrunConfig config,
            IBucket dataBucket,
            Settings settings,
            Consumer<Instance.Builder> builder) {
        Vpc vpc = network(stack, config);
        SecurityGroup securityGroup = httpsOutOnly(
                stack,
                vpc,
                "twinrun runner: no inbound; HTTPS out to AWS APIs and package repositories",
                "HTTPS to S3, SSM, CloudWatch, dnf repositories");

        LogGroup runnerLogGroup = LogGroup.Builder.create(stack, "RunnerLogs")
                .logGroupName(settings.logGroupName())
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Role role = Role.Builder.create(stack, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description(settings.roleDescription())
                .build();
        // What Session Manager needs on the instance, and no more: AmazonSSMManagedInstanceCore would also let the
        // instance read every SSM parameter and document in the account.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("SessionManager")
                .actions(Ec2VariantStack.SESSION_MANAGER_ACTIONS)
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
        new JobDataAccess(stack, "DataAccess", dataBucket, role, config);

        Optional<CustomJob> custom = CustomJob.of(stack);
        String runnerJar = Artifacts.ec2Jar(stack, config);
        String jarPath = custom.map(j -> j.ec2Jar(runnerJar)).orElse(runnerJar);
        Asset jar =
                new Asset(stack, "RunnerJar", AssetProps.builder().path(jarPath).build());
        Outputs.runner(
                stack,
                jarPath,
                settings.logGroupName(),
                // The always-on instance runs on the install bundle's systemd timer (OnCalendar *:05), the per-run one
                // when the Scheduler schedule starts it.
                settings.variant() == TwinrunConfig.Variant.EC2 ? EC2_TIMER_SCHEDULE : config.scheduleExpression());
        Optional<Asset> spec = custom.filter(j -> j.spec() != null)
                .map(j -> new Asset(
                        stack,
                        "JobSpec",
                        AssetProps.builder().path(j.spec().toString()).build()));
        Asset bundle = new Asset(
                stack,
                "InstallBundle",
                AssetProps.builder()
                        .path(Artifacts.ec2InstallDir(stack, config))
                        .build());
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
        Map<String, String> env = new TreeMap<>(config.jobEnvironment(dataBucket.getBucketName(), settings.variant()));
        env.put("AWS_REGION", Aws.REGION);
        if (custom.isPresent()) {
            env = new TreeMap<>(custom.get().environment(env, CustomJob.EC2_SPEC));
        }
        env.forEach((key, value) -> commands.add(key + "=" + value));
        commands.add("TWINRUN_ENV");
        commands.add("chmod 0644 /etc/twinrun/twinrun.env");
        commands.add("aws s3 cp --region " + Aws.REGION + " " + jar.getS3ObjectUrl() + " " + Ec2VariantStack.JAR_PATH);
        spec.ifPresent(a ->
                commands.add("aws s3 cp --region " + Aws.REGION + " " + a.getS3ObjectUrl() + " " + CustomJob.EC2_SPEC));
        commands.add("aws s3 cp --region " + Aws.REGION + " " + bundle.getS3ObjectUrl() + " /tmp/twinrun-install.zip");
        commands.add("rm -rf " + Ec2VariantStack.INSTALL_DIR + " && mkdir -p " + Ec2VariantStack.INSTALL_DIR);
        commands.add("python3 -m zipfile -e /tmp/twinrun-install.zip " + Ec2VariantStack.INSTALL_DIR);
        List<String> install = new ArrayList<>(List.of("bash", Ec2VariantStack.INSTALL_DIR + "/install.sh"));
        install.addAll(settings.installArgs());
        if (config.ec2Jit().equals("c2")) { // C1 only is the install's default (ec2-adapter/BENCHMARKS-ec2.md)
            install.addAll(List.of("--jit", "c2"));
        }
        install.add(Ec2VariantStack.JAR_PATH);
        commands.add(String.join(" ", install));
        userData.addCommands(commands.toArray(String[]::new));

        InstanceType instanceType = new InstanceType(config.instanceType());
        boolean arm = instanceType.getArchitecture() == InstanceArchitecture.ARM_64;
        Instance.Builder instanceBuilder = Instance.Builder.create(stack, "Instance")
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
                        .build()));
        builder.accept(instanceBuilder);
        Instance instance = instanceBuilder.build();
        Nag.suppress(
                instance,
                "AwsSolutions-EC28",
                "Basic 5-minute monitoring is enough for an hourly job; detailed monitoring would add to the cost measured.");
        Nag.suppress(instance, "AwsSolutions-EC29", settings.ec29Reason());

        return new Parts(vpc, securityGroup, runnerLogGroup, role, instance);
    }
}
