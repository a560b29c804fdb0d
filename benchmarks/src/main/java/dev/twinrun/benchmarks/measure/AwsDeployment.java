package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.measure.AwsApi.FunctionView;
import dev.twinrun.benchmarks.measure.AwsApi.StackView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code compare --target aws} checks before it uploads anything: the stacks it needs exist and are complete, run
 * the artifacts built here (the function's {@code CodeSha256} against the local zip, the runner jar's SHA-256 the stack
 * outputs against the local jar) and publish under distinct output prefixes. {@link #check} answers the deployed
 * variants, or throws {@link NotReady} listing every problem with the command that fixes it.
 *
 * <p>The stack outputs read (docs/AWS.md, "What compare reads from the stacks"): {@code TwinrunData.BucketName};
 * every variant stack {@code InsightsPrefix} (the output prefix + {@code insights/}; the Lambda falls back to its
 * {@code TWINRUN_OUTPUT_PREFIX}),
 * {@code ScheduleExpression} for schedule-driven variants (a Lambda without one is S3-triggered) and
 * {@code LogGroupName} (defaults: the function's {@code /aws/lambda/NAME}, the EC2 runner's
 * {@code /twinrun/ec2/runner}); {@code TwinrunLambda.FunctionName}; the runner stacks {@code RunnerJarSha256} (hex).
 */
public final class AwsDeployment {
    /** Output keys. */
    public static final String BUCKET_NAME = "BucketName";

    public static final String FUNCTION_NAME = "FunctionName";
    /**
     * Where the variant's hour pointers are: its {@code TWINRUN_OUTPUT_PREFIX} followed by {@code insights/} (never
     * empty, which a CloudFormation output value cannot be).
     */
    public static final String INSIGHTS_PREFIX = "InsightsPrefix";

    public static final String SCHEDULE_EXPRESSION = "ScheduleExpression";
    public static final String LOG_GROUP_NAME = "LogGroupName";
    public static final String RUNNER_JAR_SHA256 = "RunnerJarSha256";

    /** The data stack. */
    public static final String DATA_STACK = "TwinrunData";

    /** The hourly schedule every schedule-driven stack uses unless told otherwise (the runner timer's *:05 too). */
    public static final String DEFAULT_SCHEDULE = "cron(5 * * * ? *)";

    /** The log group the EC2 runner's CloudWatch agent ships to. */
    public static final String EC2_RUNNER_LOG_GROUP = "/twinrun/ec2/runner";

    private static final String BUILD = "./mvnw -B -pl lambda-adapter,ec2-adapter -am package -DskipTests";

    private AwsDeployment() {}

    /** The variants compare measures on AWS: the {@code -c variants=} name, the stack, and how it is started. */
    public enum AwsVariant {
        LAMBDA("lambda", "TwinrunLambda", "Lambda"),
        EC2("ec2", "TwinrunEc2", "EC2 always on"),
        EC2_PER_RUN("ec2-per-run", "TwinrunEc2PerRun", "EC2 started per run"),
        FARGATE("fargate", "TwinrunFargate", "Fargate scheduled task");

        private final String id;
        private final String stack;
        private final String label;

        AwsVariant(String id, String stack, String label) {
            this.id = id;
            this.stack = stack;
            this.label = label;
        }

        /** The name in {@code -c variants=...} and {@code --variants}. */
        public String id() {
            return id;
        }

        public String stack() {
            return stack;
        }

        public String label() {
            return label;
        }

        /** Whether the variant runs the runner jar (and its stack outputs the jar's hash). */
        public boolean runsJar() {
            return this != LAMBDA;
        }

        /** The command that deploys (or redeploys) this variant's stack with real artifacts. */
        public String deployCommand() {
            return "(cd infra && npx cdk deploy " + stack + " -c variants=" + id + " -c requireArtifacts=true)";
        }

        /** Parses {@code lambda}, {@code ec2}, {@code ec2-per-run} or {@code fargate}. */
        public static AwsVariant parse(String s) {
            for (AwsVariant v : values()) {
                if (v.id.equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return v;
                }
            }
            throw new IllegalArgumentException("--variants: unknown variant '" + s + "', expected one of "
                    + java.util.Arrays.stream(values()).map(AwsVariant::id).toList());
        }
    }

    /**
     * One deployed variant, ready to measure.
     *
     * @param variant      which
     * @param stack        its stack name
     * @param outputPrefix where it publishes ({@code TWINRUN_OUTPUT_PREFIX})
     * @param logGroup     where its REPORT or runner lines are
     * @param schedule     what starts it; null for the S3-triggered Lambda (started by the upload)
     * @param function     the function name (Lambda only), else null
     * @param snapStart    Lambda with SnapStart on published versions
     */
    public record Deployed(
            AwsVariant variant,
            String stack,
            String outputPrefix,
            String logGroup,
            Schedule schedule,
            String function,
            boolean snapStart) {
        public Deployed {
            requireNonNull(variant, "variant");
            requireNonNull(stack, "stack");
            requireNonNull(outputPrefix, "outputPrefix");
            requireNonNull(logGroup, "logGroup");
        }

        /** Started by the upload itself (the S3 notification), not by a schedule. */
        public boolean eventDriven() {
            return schedule == null;
        }
    }

    /**
     * What the checks found usable.
     *
     * @param bucket   the data bucket
     * @param variants the variants to measure, in {@link AwsVariant} order
     */
    public record Plan(String bucket, List<Deployed> variants) {
        public Plan {
            requireNonNull(bucket, "bucket");
            variants = List.copyOf(variants);
        }
    }

    /** One reason compare will not start, and what to run about it. */
    public record Problem(String what, String fix) {
        @Override
        public String toString() {
            return what + "\n    fix: " + fix;
        }
    }

    /** The checks failed: {@link #problems()} says each, with its fix. */
    public static final class NotReady extends IllegalStateException {
        private final List<Problem> problems;

        NotReady(List<Problem> problems) {
            super("target aws: not starting, " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                    + " with the deployed stacks (nothing was uploaded):\n  - "
                    + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  - ")));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** What the run is checked against: the local artifacts and the user's choices. */
    public record Local(
            Path lambdaZip, Path ec2Jar, Set<AwsVariant> wanted, String bucket, String function, String region) {
        public Local {
            wanted = wanted == null || wanted.isEmpty() ? Set.of() : EnumSet.copyOf(wanted);
        }
    }

    /** Runs every check; the plan when all pass, else {@link NotReady} naming all problems at once. */
    public static Plan check(AwsApi.Stacks stacks, AwsApi.Functions functions, Local local) {
        List<Problem> problems = new ArrayList<>();
        String where = local.region() == null ? "" : " in " + local.region();

        String bucket = local.bucket();
        Optional<StackView> data = stacks.describe(DATA_STACK);
        if (bucket == null) {
            if (data.isEmpty()) {
                problems.add(new Problem(
                        "stack " + DATA_STACK + " does not exist" + where,
                        "(cd infra && npx cdk deploy " + DATA_STACK + ") after `npx cdk bootstrap` (docs/AWS.md)"));
            } else if (usable(data.get(), problems)) {
                bucket = data.get().output(BUCKET_NAME).orElse(null);
                if (bucket == null) {
                    problems.add(new Problem(
                            "stack " + DATA_STACK + " has no output " + BUCKET_NAME,
                            "redeploy it with this checkout's infra, or pass --bucket"));
                }
            }
        }

        Map<AwsVariant, StackView> found = new LinkedHashMap<>();
        for (AwsVariant v : AwsVariant.values()) {
            boolean wanted = local.wanted().isEmpty() || local.wanted().contains(v);
            if (!wanted) {
                continue;
            }
            Optional<StackView> st = stacks.describe(v.stack());
            if (st.isPresent()) {
                found.put(v, st.get());
            } else if (!local.wanted().isEmpty()) {
                problems.add(new Problem(
                        "--variants names " + v.id() + " but stack " + v.stack() + " does not exist" + where,
                        BUILD + " && " + v.deployCommand()));
            }
        }
        if (found.isEmpty() && local.wanted().isEmpty()) {
            problems.add(new Problem(
                    "none of the variant stack"
                            + java.util.Arrays.stream(AwsVariant.values())
                                    .map(AwsVariant::stack)
                                    .collect(Collectors.joining(", ", "s ", ""))
                            + " exists" + where,
                    BUILD + " && (cd infra && npx cdk deploy --all -c requireArtifacts=true) (docs/AWS.md)"));
        }

        List<Deployed> deployed = new ArrayList<>();
        for (Map.Entry<AwsVariant, StackView> e : found.entrySet()) {
            AwsVariant v = e.getKey();
            StackView st = e.getValue();
            if (!usable(st, problems)) {
                continue;
            }
            Deployed d =
                    v == AwsVariant.LAMBDA ? lambda(st, functions, local, problems) : runner(v, st, local, problems);
            if (d != null) {
                deployed.add(d);
            }
        }

        Map<String, List<Deployed>> byPrefix = new LinkedHashMap<>();
        for (Deployed d : deployed) {
            byPrefix.computeIfAbsent(d.outputPrefix(), k -> new ArrayList<>()).add(d);
        }
        byPrefix.forEach((prefix, ds) -> {
            if (ds.size() > 1) {
                problems.add(new Problem(
                        ds.stream().map(Deployed::stack).collect(Collectors.joining(" and "))
                                + " publish under the same output prefix '" + prefix + "': whichever publishes an"
                                + " hour first makes it current for the other, which then skips it",
                        "redeploy them with this checkout's infra, which gives every variant its own prefix"
                                + " (infra/README.md), or measure one at a time with --variants"));
            }
        });

        if (!problems.isEmpty()) {
            throw new NotReady(problems);
        }
        return new Plan(bucket, deployed);
    }

    private static boolean usable(StackView st, List<Problem> problems) {
        if (st.complete()) {
            return true;
        }
        problems.add(new Problem(
                "stack " + st.name() + " is " + st.status() + ", not CREATE_COMPLETE or UPDATE_COMPLETE",
                st.status().endsWith("_IN_PROGRESS")
                        ? "wait for it to finish: aws cloudformation wait stack-update-complete --stack-name "
                                + st.name()
                        : "see why: aws cloudformation describe-stack-events --stack-name " + st.name()
                                + ", then redeploy it"));
        return false;
    }

    private static Deployed lambda(StackView st, AwsApi.Functions functions, Local local, List<Problem> problems) {
        AwsVariant v = AwsVariant.LAMBDA;
        String name = local.function() != null
                ? local.function()
                : st.output(FUNCTION_NAME).orElse(null);
        if (name == null) {
            problems.add(new Problem(
                    "stack " + st.name() + " has no output " + FUNCTION_NAME,
                    "redeploy it with this checkout's infra, or pass --function"));
            return null;
        }
        Optional<FunctionView> fn = functions.get(name);
        if (fn.isEmpty()) {
            problems.add(new Problem("function " + name + " (" + st.name() + ") does not exist", v.deployCommand()));
            return null;
        }
        String local64 = sha256(local.lambdaZip(), problems, "the Lambda zip");
        if (local64 != null) {
            String expected = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(local64));
            if (!expected.equals(fn.get().codeSha256())) {
                problems.add(new Problem(
                        "function " + name + " runs other code than " + local.lambdaZip() + " (CodeSha256 "
                                + fn.get().codeSha256() + ", the local zip's " + expected + ")",
                        "deploy the zip built here: " + v.deployCommand() + " (or rebuild the zip that was deployed: "
                                + BUILD + ")"));
            }
        }
        String prefix = outputPrefix(st)
                .or(() -> Optional.ofNullable(fn.get().environment().get("TWINRUN_OUTPUT_PREFIX")))
                .orElse("");
        Schedule schedule = schedule(st, problems, null);
        return new Deployed(
                v,
                st.name(),
                prefix,
                st.output(LOG_GROUP_NAME).orElse("/aws/lambda/" + name),
                schedule,
                name,
                fn.get().snapStart());
    }

    private static Deployed runner(AwsVariant v, StackView st, Local local, List<Problem> problems) {
        Optional<String> recorded = st.output(RUNNER_JAR_SHA256);
        String hex = sha256(local.ec2Jar(), problems, "the runner jar");
        if (recorded.isEmpty()) {
            problems.add(new Problem(
                    "stack " + st.name() + " has no output " + RUNNER_JAR_SHA256
                            + " (deployed before it existed): compare cannot tell which runner jar it runs",
                    "redeploy it with this checkout's infra: " + v.deployCommand()));
        } else if (hex != null && !sameDigest(recorded.get(), hex)) {
            problems.add(new Problem(
                    "stack " + st.name() + " runs another runner jar than " + local.ec2Jar() + " (SHA-256 "
                            + recorded.get() + ", the local jar's " + hex + ")",
                    "deploy the jar built here: " + v.deployCommand() + " (or rebuild the jar that was deployed: "
                            + BUILD + ")"));
        }
        Optional<String> prefix = outputPrefix(st);
        if (prefix.isEmpty()) {
            problems.add(new Problem(
                    "stack " + st.name() + " has no output " + INSIGHTS_PREFIX
                            + ": compare cannot tell where it publishes",
                    "redeploy it with this checkout's infra: " + v.deployCommand()));
        }
        String logGroup = st.output(LOG_GROUP_NAME).orElse(v == AwsVariant.EC2 ? EC2_RUNNER_LOG_GROUP : null);
        if (logGroup == null) {
            problems.add(new Problem(
                    "stack " + st.name() + " has no output " + LOG_GROUP_NAME,
                    "redeploy it with this checkout's infra: " + v.deployCommand()));
        }
        Schedule schedule = schedule(st, problems, DEFAULT_SCHEDULE);
        if (logGroup == null || schedule == null) {
            return null;
        }
        return new Deployed(v, st.name(), prefix.orElse(""), logGroup, schedule, null, false);
    }

    private static Optional<String> outputPrefix(StackView st) {
        return st.output(INSIGHTS_PREFIX).map(p -> p.endsWith("insights/") ? p.substring(0, p.length() - 9) : p);
    }

    private static Schedule schedule(StackView st, List<Problem> problems, String fallback) {
        String expr = st.output(SCHEDULE_EXPRESSION).orElse(fallback);
        if (expr == null) {
            return null;
        }
        try {
            return Schedule.parse(expr);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(
                    "stack " + st.name() + ": " + e.getMessage(),
                    "deploy a cron(...) or rate(...) schedule (-c scheduleExpression=...)"));
            return null;
        }
    }

    private static boolean sameDigest(String recorded, String hex) {
        String r = recorded.strip();
        return r.equalsIgnoreCase(hex)
                || r.equals(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }

    private static String sha256(Path file, List<Problem> problems, String what) {
        if (file == null || !Files.isRegularFile(file)) {
            problems.add(new Problem(what + " " + file + " does not exist here", BUILD));
            return null;
        }
        return sha256Hex(file);
    }

    /** The SHA-256 of a file's bytes, lower-case hex. */
    public static String sha256Hex(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
