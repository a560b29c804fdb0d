package dev.twinrun.benchmarks.measure;

import dev.twinrun.benchmarks.measure.AwsApi.FunctionView;
import dev.twinrun.benchmarks.measure.AwsApi.QueryResult;
import dev.twinrun.benchmarks.measure.AwsApi.StackView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.SnapStartApplyOn;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link AwsApi} on the AWS SDK: CloudFormation, Lambda, CloudWatch Logs and S3 clients in one region. */
final class AwsSdkApi implements AutoCloseable {
    private final CloudFormationClient cfn;
    private final LambdaClient lambda;
    private final CloudWatchLogsClient logs;
    private final S3Client s3;

    AwsSdkApi(Region region, S3Client s3) {
        this.cfn = CloudFormationClient.builder()
                .region(region)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.lambda = LambdaClient.builder()
                .region(region)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.logs = CloudWatchLogsClient.builder()
                .region(region)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.s3 = s3;
    }

    AwsApi.Stacks stacks() {
        return name -> {
            try {
                var st = cfn.describeStacks(b -> b.stackName(name)).stacks();
                if (st.isEmpty()) {
                    return Optional.empty();
                }
                Map<String, String> outputs = new LinkedHashMap<>();
                for (Output o : st.get(0).outputs()) {
                    outputs.put(o.outputKey(), o.outputValue() == null ? "" : o.outputValue());
                }
                return Optional.of(new StackView(name, st.get(0).stackStatusAsString(), outputs));
            } catch (CloudFormationException e) {
                // DescribeStacks answers ValidationError "Stack with id NAME does not exist".
                if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        };
    }

    AwsApi.Functions functions() {
        return name -> {
            try {
                FunctionConfiguration c =
                        lambda.getFunction(b -> b.functionName(name)).configuration();
                return Optional.of(new FunctionView(
                        c.functionName(),
                        c.version(),
                        c.codeSha256(),
                        c.snapStart() != null && c.snapStart().applyOn() == SnapStartApplyOn.PUBLISHED_VERSIONS,
                        c.environment() == null || c.environment().variables() == null
                                ? Map.of()
                                : c.environment().variables()));
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        };
    }

    AwsApi.LogQueries queries() {
        return (group, from, to, q) -> {
            String id = logs.startQuery(b -> b.logGroupName(group)
                            .startTime(from.getEpochSecond())
                            .endTime(to.getEpochSecond())
                            .queryString(q))
                    .queryId();
            while (true) {
                GetQueryResultsResponse r = logs.getQueryResults(b -> b.queryId(id));
                if (r.status() == QueryStatus.COMPLETE) {
                    List<Map<String, String>> rows = new ArrayList<>();
                    for (List<ResultField> fields : r.results()) {
                        Map<String, String> row = new HashMap<>();
                        fields.forEach(f -> row.put(f.field(), f.value()));
                        rows.add(row);
                    }
                    double scanned = r.statistics() == null || r.statistics().bytesScanned() == null
                            ? 0
                            : r.statistics().bytesScanned();
                    return new QueryResult(rows, scanned);
                }
                if (r.status() == QueryStatus.FAILED
                        || r.status() == QueryStatus.CANCELLED
                        || r.status() == QueryStatus.TIMEOUT) {
                    throw new IllegalStateException("Logs Insights query on " + group + " ended " + r.status());
                }
                Thread.sleep(1000);
            }
        };
    }

    AwsApi.Objects objects(String bucket) {
        return new AwsApi.Objects() {
            @Override
            public List<String> list(String prefix) {
                return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                        .map(S3Object::key)
                        .toList();
            }

            @Override
            public int delete(List<String> keys) {
                int n = 0;
                for (int i = 0; i < keys.size(); i += 1000) {
                    List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                            .map(k -> ObjectIdentifier.builder().key(k).build())
                            .toList();
                    var r = s3.deleteObjects(
                            b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(false)));
                    n += r.deleted().size();
                }
                return n;
            }

            @Override
            public List<AwsApi.Stamped> listStamped(String prefix) {
                return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                        .map(o -> new AwsApi.Stamped(o.key(), o.lastModified()))
                        .toList();
            }

            @Override
            public java.util.Optional<AwsApi.Read> read(String key) {
                try {
                    var r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                    return java.util.Optional.of(
                            new AwsApi.Read(r.asByteArray(), r.response().lastModified()));
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                    return java.util.Optional.empty();
                }
            }
        };
    }

    @Override
    public void close() {
        cfn.close();
        lambda.close();
        logs.close();
    }
}
