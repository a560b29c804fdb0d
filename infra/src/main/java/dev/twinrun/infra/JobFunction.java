package dev.twinrun.infra;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One function of the job from the lambda-adapter zip: its log group, a role that may write only to that log group
 * (the caller adds the data access), and the function with the configured runtime, architecture and memory.
 *
 * <p>The function is this construct's default child, and the log group and role are created next to this construct
 * under the ids the stacks gave them before this construct existed: the logical ids stay the same, so a deployed
 * stack is updated in place rather than its functions, roles and logs replaced.
 */
public final class JobFunction extends Construct {

    /**
     * What differs between the job's functions.
     *
     * @param logGroupId construct id of the log group, in the same scope as this construct
     * @param roleId construct id of the role, in the same scope as this construct
     * @param description the function's description
     * @param roleDescription the role's description
     * @param handler the handler in the lambda-adapter zip
     * @param timeoutSeconds the function's timeout
     * @param environment the function's environment
     */
    public record Props(
            String logGroupId,
            String roleId,
            String description,
            String roleDescription,
            String handler,
            int timeoutSeconds,
            Map<String, String> environment) {
        public Props {
            requireNonNull(logGroupId, "logGroupId");
            requireNonNull(roleId, "roleId");
            requireNonNull(description, "description");
            requireNonNull(roleDescription, "roleDescription");
            requireNonNull(handler, "handler");
            environment = Map.copyOf(requireNonNull(environment, "environment"));
        }
    }

    private final Function function;
    private final Role role;
    private final LogGroup logGroup;

    /** A job function as {@code props} and {@code config} say. */
    public JobFunction(Construct scope, String id, TwinrunConfig config, Props props) {
        this(scope, id, config, props, builder -> {});
    }

    /** As {@link #JobFunction(Construct, String, TwinrunConfig, Props)}; {@code more} sets further function options. */
    public JobFunction(Construct scope, String id, TwinrunConfig config, Props props, Consumer<Function.Builder> more) {
        super(scope, id);
        requireNonNull(config, "config");
        requireNonNull(props, "props");
        this.logGroup = LogGroup.Builder.create(scope, props.logGroupId())
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.role = Role.Builder.create(scope, props.roleId())
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.roleDescription())
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        Optional<CustomJob> custom = CustomJob.of(scope);
        String zip = Artifacts.lambdaZip(scope, config);
        boolean java21 = config.lambdaRuntime().equals("java21");
        Function.Builder builder = Function.Builder.create(this, "Default")
                .description(props.description())
                .runtime(java21 ? Runtime.JAVA_21 : Runtime.JAVA_25)
                .architecture(
                        config.lambdaArch() == TwinrunConfig.LambdaArch.ARM64
                                ? Architecture.ARM_64
                                : Architecture.X86_64)
                .memorySize(config.lambdaMemoryMb())
                .ephemeralStorageSize(software.amazon.awscdk.Size.mebibytes(config.lambdaEphemeralStorageMb()))
                .timeout(Duration.seconds(props.timeoutSeconds()))
                .handler(props.handler())
                .code(Code.fromAsset(custom.map(j -> j.lambdaZip(zip)).orElse(zip)))
                .role(role)
                .logGroup(logGroup)
                .environment(custom.map(j -> j.environment(props.environment(), CustomJob.LAMBDA_SPEC))
                        .orElse(props.environment()));
        more.accept(builder);
        this.function = builder.build();
        if (java21) {
            Nag.suppress(
                    function,
                    "AwsSolutions-L1",
                    "java21 is the runtime the lambda-adapter is built and benchmarked for (the cold starts measured are "
                            + "java21's); java25 is selectable with -c lambdaRuntime=java25.");
        }
    }

    /** The function. */
    public Function function() {
        return function;
    }

    /** The function's role. */
    public Role role() {
        return role;
    }

    /** The function's log group. */
    public LogGroup logGroup() {
        return logGroup;
    }
}
