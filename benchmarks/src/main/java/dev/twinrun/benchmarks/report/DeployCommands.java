package dev.twinrun.benchmarks.report;

import dev.twinrun.pricing.CostModel;
import dev.twinrun.pricing.Scenario;

/**
 * The command that deploys a priced variant with infra's CDK app (run from the repository root; context keys in
 * {@code infra/README.md}); none for what twinrun cannot deploy (Lambda Managed Instances).
 */
public final class DeployCommands {
    /** Every command starts so: the CDK app lives in {@code infra/}. */
    public static final String PREFIX = "cd infra && npx cdk deploy --all -c variants=";

    private DeployCommands() {}

    /** The command for a cost model priced under {@code s}; null when twinrun cannot deploy it. */
    public static String of(String model, Scenario s) {
        return switch (model) {
            case CostModel.LAMBDA -> lambda(s, "s3", false);
            case CostModel.LAMBDA_SNAPSTART -> lambda(s, "s3", true);
            case CostModel.EC2_ALWAYS_ON ->
                PREFIX + "ec2 -c instanceType=" + s.ec2().instanceType();
            case CostModel.EC2_PER_RUN ->
                PREFIX + "ec2-per-run -c instanceType=" + s.ec2().instanceType();
            case CostModel.FARGATE -> PREFIX + "fargate";
            default -> null;
        };
    }

    /** The Lambda variant at the scenario's memory and arch, with its trigger ({@code s3}|{@code schedule}). */
    public static String lambda(Scenario s, String trigger, boolean snapStart) {
        return PREFIX + "lambda -c lambdaMemoryMb=" + s.lambda().memoryMb() + " -c lambdaArch="
                + s.lambda().arch() + " -c trigger=" + trigger + (snapStart ? " -c lambdaSnapStart=true" : "");
    }
}
