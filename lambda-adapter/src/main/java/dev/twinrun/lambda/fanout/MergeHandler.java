package dev.twinrun.lambda.fanout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The last task: reads every shard's result, publishes the hour (byte-identical to a single run), then deletes the
 * shard results. Input {@code {"hour","runId","shardCount","results":[<ShardHandler outputs>]}}; output the run
 * summary {@code {"hour","outcome","runId","files","rowsRead","rowsAggregated","rowsQuarantined","bytesRead",
 * "durationMs","shards","shardResultsDeleted"}}. Missing, extra or foreign results fail it with nothing published.
 */
public final class MergeHandler implements RequestStreamHandler {
    private final FanoutService service;

    /** Used by Lambda: configuration from the environment, built once per execution environment. */
    public MergeHandler() {
        this(FanoutService.fromEnvironment(System.getenv()));
    }

    MergeHandler(FanoutService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        FanoutJson.MergeRequest request = FanoutJson.read(input, FanoutJson.MergeRequest.class, "merge");
        FanoutJson.write(output, service.merge(request, context.getAwsRequestId()));
    }
}
