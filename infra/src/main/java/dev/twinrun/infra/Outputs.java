package dev.twinrun.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awscdk.CfnOutput;
import software.constructs.Construct;

/** Stack outputs every variant stack has, so tooling can check the deployed stacks without reading templates. */
final class Outputs {
    /** The output naming the prefix a variant publishes insights under. */
    static final String INSIGHTS_PREFIX = "InsightsPrefix";
    /** The hex SHA-256 of the runner jar a stack deploys, so compare can tell whether it runs the jar built here. */
    static final String RUNNER_JAR_SHA256 = "RunnerJarSha256";
    /** The log group the variant's runner writes its JSON lines and EMF records to. */
    static final String LOG_GROUP_NAME = "LogGroupName";
    /** When the variant runs (EventBridge Scheduler syntax), so compare knows how long to wait for it. */
    static final String SCHEDULE_EXPRESSION = "ScheduleExpression";

    private Outputs() {}

    /**
     * The {@value #INSIGHTS_PREFIX} output: where this variant publishes its hours ({@code <outputPrefix>insights/});
     * two stacks with the same value would publish one another's hours.
     */
    static CfnOutput insightsPrefix(Construct stack, TwinrunConfig config) {
        return CfnOutput.Builder.create(stack, INSIGHTS_PREFIX)
                .description("Where this variant publishes hours (TWINRUN_OUTPUT_PREFIX + insights/)")
                .value(config.insightsPrefix())
                .build();
    }

    /**
     * The outputs of a stack that runs the runner jar: {@value #RUNNER_JAR_SHA256} of {@code jar} (the file the stack
     * deploys), {@value #LOG_GROUP_NAME} and {@value #SCHEDULE_EXPRESSION}.
     */
    static void runner(Construct stack, String jar, String logGroupName, String scheduleExpression) {
        CfnOutput.Builder.create(stack, RUNNER_JAR_SHA256)
                .description("SHA-256 (hex) of the runner jar this stack deploys")
                .value(sha256Hex(Path.of(jar)))
                .build();
        CfnOutput.Builder.create(stack, LOG_GROUP_NAME)
                .description("The runner's log group (JSON lines and EMF)")
                .value(logGroupName)
                .build();
        CfnOutput.Builder.create(stack, SCHEDULE_EXPRESSION)
                .description("When the runner runs (UTC)")
                .value(scheduleExpression)
                .build();
    }

    static String sha256Hex(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
