package dev.twinrun.lambda.fanout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One Distributed Map item: parses the shard's byte ranges and writes its partial result to {@code resultKey}.
 * Output (small, whatever the shard's size): {@code {"index","resultKey","resultBytes","inputBytes","ranges","durationMs"}}.
 */
public final class ShardHandler implements RequestStreamHandler {
    private final FanoutService service;

    /** Used by Lambda: configuration from the environment, built once per execution environment. */
    public ShardHandler() {
        this(FanoutService.fromEnvironment(System.getenv()));
    }

    ShardHandler(FanoutService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        FanoutJson.ShardTask task = FanoutJson.read(input, FanoutJson.ShardTask.class, "shard");
        FanoutJson.write(output, service.shard(task, context.getAwsRequestId()));
    }
}
