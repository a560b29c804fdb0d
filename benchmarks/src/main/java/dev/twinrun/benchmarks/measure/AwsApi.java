package dev.twinrun.benchmarks.measure;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few AWS calls the aws target makes, behind small interfaces so that its checks, waits and joins run in tests on
 * recorded responses ({@code src/test/resources/dev/twinrun/benchmarks/measure/aws/}); {@link AwsSdkApi} is the real
 * implementation.
 */
public final class AwsApi {
    private AwsApi() {}

    /**
     * A CloudFormation stack as {@code DescribeStacks} describes it
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html).
     *
     * @param name    StackName
     * @param status  StackStatus, e.g. {@code CREATE_COMPLETE}, {@code UPDATE_ROLLBACK_COMPLETE}
     * @param outputs OutputKey to OutputValue
     */
    public record StackView(String name, String status, Map<String, String> outputs) {
        public StackView {
            requireNonNull(name, "name");
            requireNonNull(status, "status");
            outputs = Map.copyOf(outputs);
        }

        /** Whether the stack is usable: created or updated, not rolled back, in progress or being deleted. */
        public boolean complete() {
            return status.equals("CREATE_COMPLETE")
                    || status.equals("UPDATE_COMPLETE")
                    || status.equals("IMPORT_COMPLETE");
        }

        public Optional<String> output(String key) {
            return Optional.ofNullable(outputs.get(key)).filter(v -> !v.isBlank());
        }
    }

    /**
     * A function as {@code GetFunction} describes it
     * (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html, its {@code Configuration}).
     *
     * @param name         FunctionName
     * @param version      Version ({@code $LATEST} or a number)
     * @param codeSha256   CodeSha256: the SHA-256 of the deployment package, base64
     * @param snapStart    SnapStart.ApplyOn is {@code PublishedVersions}
     * @param environment  Environment.Variables
     */
    public record FunctionView(
            String name, String version, String codeSha256, boolean snapStart, Map<String, String> environment) {
        public FunctionView {
            requireNonNull(name, "name");
            environment = Map.copyOf(environment);
        }
    }

    /**
     * A finished Logs Insights query as {@code GetQueryResults} returns it
     * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html): one map of
     * field to value per matched event.
     *
     * @param rows         the results, each row's {@code field}/{@code value} pairs as a map
     * @param bytesScanned statistics.bytesScanned (what Logs Insights bills)
     */
    public record QueryResult(List<Map<String, String>> rows, double bytesScanned) {
        public QueryResult {
            rows = rows.stream().map(Map::copyOf).toList();
        }
    }

    /** CloudFormation {@code DescribeStacks}. */
    @FunctionalInterface
    public interface Stacks {
        /** The stack, or empty when it does not exist (DescribeStacks answers ValidationError). */
        Optional<StackView> describe(String stackName);
    }

    /** Lambda {@code GetFunction}. */
    @FunctionalInterface
    public interface Functions {
        /** The function (its unqualified {@code $LATEST} configuration), or empty when it does not exist. */
        Optional<FunctionView> get(String functionName);
    }

    /** Logs Insights {@code StartQuery} then {@code GetQueryResults} until the query completes. */
    @FunctionalInterface
    public interface LogQueries {
        QueryResult run(String logGroup, Instant from, Instant to, String query) throws InterruptedException;
    }

    /**
     * S3 {@code ListObjectsV2}, {@code GetObject} and {@code DeleteObjects} on the data bucket: what was uploaded and
     * published, when ({@link AwsFreshness}), and {@code --cleanup}.
     */
    public interface Objects {
        /** Every key under {@code prefix}. */
        List<String> list(String prefix);

        /** Deletes the keys (in batches of at most 1,000); returns how many were deleted. */
        int delete(List<String> keys);

        /** Every object under {@code prefix} with its {@code LastModified} (ListObjectsV2; S3 gives whole seconds). */
        List<Stamped> listStamped(String prefix);

        /** The object's bytes and {@code LastModified} (GetObject), or empty when it does not exist. */
        Optional<Read> read(String key);
    }

    /** A key and when S3 says it was last written. */
    public record Stamped(String key, Instant lastModified) {
        public Stamped {
            requireNonNull(key, "key");
            requireNonNull(lastModified, "lastModified");
        }
    }

    /** An object's bytes and its {@code LastModified}. */
    public record Read(byte[] bytes, Instant lastModified) {
        public Read {
            requireNonNull(bytes, "bytes");
            requireNonNull(lastModified, "lastModified");
        }
    }
}
