package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
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

        RunnerInstance.Parts runner = RunnerInstance.create(
                this,
                config,
                dataBucket,
                new RunnerInstance.Settings(
                        TwinrunConfig.Variant.EC2,
                        RUNNER_LOG_GROUP,
                        List.of(),
                        "twinrun EC2 variant: SSM, the runner's logs, the job's bucket prefixes, its own assets",
                        "The instance is disposable by design: every new jar replaces it and all state lives in S3."));
        this.vpc = runner.vpc();
        this.securityGroup = runner.securityGroup();
        this.runnerLogGroup = runner.logGroup();
        this.instance = runner.instance();

        Alarms.atLeastOne(
                this,
                "FailedHoursAlarm",
                "twinrun EC2 variant: a tick failed an hour (its ERROR line is in " + RUNNER_LOG_GROUP + ")",
                Alarms.emf(Alarms.HOURS_FAILED, TwinrunConfig.Variant.EC2, "Sum"),
                alarmTopic);
        Alarms.freshness(this, TwinrunConfig.Variant.EC2, alarmTopic);
        Alarms.skippedInputs(this, TwinrunConfig.Variant.EC2, alarmTopic);

        Outputs.insightsPrefix(this, config);
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
        return RunnerInstance.twoZones();
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
