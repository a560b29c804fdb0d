package dev.twinrun.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: {@code TwinrunData} always, {@code TwinrunLambda}, {@code TwinrunEc2}, {@code TwinrunFanout},
 * {@code TwinrunEc2PerRun} and {@code TwinrunFargate} per the {@code variants} context (each variant with its own
 * output prefix unless {@code distinctOutputPrefixes=false}), and {@code TwinrunDashboard} over whichever variants are present. Stacks are environment-agnostic, so
 * {@code cdk synth} needs no credentials; {@code cdk deploy} uses the CLI's account and region.
 */
public final class TwinrunApp {

    /** Stack names. */
    public static final String DATA = "TwinrunData";

    public static final String LAMBDA = "TwinrunLambda";
    public static final String EC2 = "TwinrunEc2";
    public static final String DASHBOARD = "TwinrunDashboard";
    public static final String FANOUT = "TwinrunFanout";
    public static final String EC2_PER_RUN = "TwinrunEc2PerRun";
    public static final String FARGATE = "TwinrunFargate";

    /** The stacks one app holds; a variant's stack is null when that variant is not deployed. */
    public record Stacks(
            DataStack data,
            LambdaVariantStack lambda,
            Ec2VariantStack ec2,
            DashboardStack dashboard,
            FanoutVariantStack fanout,
            Ec2PerRunVariantStack ec2PerRun,
            FargateVariantStack fargate) {}

    private TwinrunApp() {}

    /** Synthesizes the app; settings come from CDK context ({@code -c key=value} or cdk.json). */
    public static void main(String[] args) {
        App app = new App();
        TwinrunConfig config = TwinrunConfig.fromContext(app.getNode());
        build(app, config);
        if (config.nag()) {
            Aspects.of(app)
                    .add(new AwsSolutionsChecks(
                            NagPackProps.builder().verbose(true).build()));
        }
        app.synth();
    }

    /** Adds the stacks {@code config} asks for to {@code app}. */
    public static Stacks build(App app, TwinrunConfig config) {
        DataStack data = new DataStack(
                app,
                DATA,
                StackProps.builder()
                        .description("twinrun: the data bucket both variants use")
                        .build(),
                config);
        LambdaVariantStack lambda = null;
        if (config.has(TwinrunConfig.Variant.LAMBDA)) {
            lambda = new LambdaVariantStack(
                    app,
                    LAMBDA,
                    StackProps.builder()
                            .description("twinrun: the job as a Lambda function")
                            .build(),
                    config.forVariant(TwinrunConfig.Variant.LAMBDA),
                    data.bucket(),
                    data.alarmTopic());
        }
        Ec2VariantStack ec2 = null;
        if (config.has(TwinrunConfig.Variant.EC2)) {
            ec2 = new Ec2VariantStack(
                    app,
                    EC2,
                    StackProps.builder()
                            .description("twinrun: the job as a cron job on one EC2 instance")
                            .build(),
                    config.forVariant(TwinrunConfig.Variant.EC2),
                    data.bucket(),
                    data.alarmTopic());
        }
        FanoutVariantStack fanout = null;
        if (config.has(TwinrunConfig.Variant.FANOUT)) {
            fanout = new FanoutVariantStack(
                    app,
                    FANOUT,
                    StackProps.builder()
                            .description("twinrun: the job fanned out on Step Functions over Lambda")
                            .build(),
                    config.forVariant(TwinrunConfig.Variant.FANOUT),
                    data.bucket(),
                    data.alarmTopic());
        }
        Ec2PerRunVariantStack ec2PerRun = null;
        if (config.has(TwinrunConfig.Variant.EC2_PER_RUN)) {
            ec2PerRun = new Ec2PerRunVariantStack(
                    app,
                    EC2_PER_RUN,
                    StackProps.builder()
                            .description("twinrun: the job on an EC2 instance started for each run")
                            .build(),
                    config.forVariant(TwinrunConfig.Variant.EC2_PER_RUN),
                    data.bucket(),
                    data.alarmTopic());
        }
        FargateVariantStack fargate = null;
        if (config.has(TwinrunConfig.Variant.FARGATE)) {
            fargate = new FargateVariantStack(
                    app,
                    FARGATE,
                    StackProps.builder()
                            .description("twinrun: the job as an hourly ECS Fargate task")
                            .build(),
                    config.forVariant(TwinrunConfig.Variant.FARGATE),
                    data.bucket(),
                    data.alarmTopic());
        }
        DashboardStack.Charted charted = new DashboardStack.Charted(lambda, ec2, fanout, ec2PerRun, fargate);
        DashboardStack dashboard = charted.ids().isEmpty()
                ? null
                : new DashboardStack(
                        app,
                        DASHBOARD,
                        StackProps.builder()
                                .description("twinrun: the deployed variants side by side")
                                .build(),
                        config,
                        charted);
        Tags.of(app).add("project", "twinrun");
        Aspects.of(app).add(Alarms.requireActions());
        return new Stacks(data, lambda, ec2, dashboard, fanout, ec2PerRun, fargate);
    }
}
