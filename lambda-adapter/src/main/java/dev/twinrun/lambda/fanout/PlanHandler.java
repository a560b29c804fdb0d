package dev.twinrun.lambda.fanout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The state machine's first task: cuts an hour into shards. Input {@code {"hour":"2026-11-26T13","shards":4}}
 * ({@code shards} optional: one per {@code TWINRUN_SHARD_TARGET_MB} of input; {@code "force":true} replans a current
 * hour) or an EventBridge scheduled event (the hour before its {@code time}, or {@code detail.hour}/{@code detail.shards}).
 * Output: {@code {"hour","runId","status","inputFiles","inputBytes","shardCount","shards":[{"hour","runId","index",
 * "resultKey","ranges":[{"key","sizeBytes","start","end"}]}]}}; {@code shards} is empty when the hour has no input or is current.
 */
public final class PlanHandler implements RequestStreamHandler {
    private final FanoutService service;

    /** Used by Lambda: configuration from the environment, built once per execution environment. */
    public PlanHandler() {
        this(FanoutService.fromEnvironment(System.getenv()));
    }

    PlanHandler(FanoutService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode in = FanoutJson.tree(input, "plan");
        FanoutJson.write(
                output,
                service.plan(hourOf(in), shardsOf(in), in.path("force").asBoolean(false), context.getAwsRequestId()));
    }

    /** {@code hour}, else {@code detail.hour}, else the hour before the event's {@code time}. */
    static HourId hourOf(JsonNode in) {
        String named = text(in, "hour");
        if (named == null) {
            named = text(in.path("detail"), "hour");
        }
        try {
            if (named != null) {
                return HourId.parse(named);
            }
            String time = text(in, "time");
            if (time == null) {
                throw new FanoutFailedException(
                        "plan: the input names no hour: give {\"hour\":\"2026-11-26T13\"} or an "
                                + "EventBridge scheduled event with a time");
            }
            return HourId.of(Instant.parse(time)).previous();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new FanoutFailedException("plan: bad hour or time in the input: " + e.getMessage(), e);
        }
    }

    /** {@code shards}, else {@code detail.shards}, else null (derived from the input size). */
    static Integer shardsOf(JsonNode in) {
        JsonNode n = in.has("shards") ? in.get("shards") : in.path("detail").get("shards");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !(n.isIntegralNumber() || n.asText().matches("\\d+"))) {
            throw new FanoutFailedException("plan: shards must be a whole number, was " + n);
        }
        return n.asInt();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank()
                ? null
                : v.asText().strip();
    }
}
