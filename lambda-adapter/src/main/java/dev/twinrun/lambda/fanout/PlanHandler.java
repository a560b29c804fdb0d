package dev.twinrun.lambda.fanout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.twinrun.core.HourId;
import dev.twinrun.lambda.fanout.FanoutJson.Loop;
import dev.twinrun.lambda.fanout.FanoutJson.Plan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The state machine's Plan step: picks the hour to process and cuts it into shards. Three inputs:
 *
 * <ul>
 *   <li>a named hour, {@code {"hour":"2026-11-26T13","shards":4}} or an event's {@code detail.hour}/{@code
 *       detail.shards} ({@code shards} optional: one per {@code TWINRUN_SHARD_TARGET_MB} of input; {@code
 *       "force":true} replans a current hour): that hour only;
 *   <li>an EventBridge scheduled event without {@code detail.hour}: a catch-up up to the hour before its {@code time},
 *       starting with the oldest due hour that still has input ({@link dev.twinrun.core.job.CatchUp#nextDue});
 *   <li>the state machine's next step, {@code {"loop":{...},"error":{...},"executionStart":"...","budgetSeconds":N}}
 *       ({@code error} only after a failed hour): the oldest due hour after the one in {@code loop}, with the republish
 *       chain (H republished makes H+1 due), until none is due or the budget is used.
 * </ul>
 *
 * Output: {@code {"hour","runId","status","inputFiles","inputBytes","shardCount","shards":[{"hour","runId","index",
 * "resultKey","ranges":[{"key","sizeBytes","start","end"}]}],"loop":{...},"done"}}; {@code shards} is empty when the
 * hour has no input or is current; {@code done} (no hour, status {@code NONE_DUE}) when nothing is left to plan. A
 * catch-up that ends with failed hours fails this step, naming them.
 */
public final class PlanHandler implements RequestStreamHandler {
    /** Longest failure description kept in the loop (the state stays small whatever the cause). */
    static final int FAILURE_CHARS = 500;

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
        Plan plan;
        if (in.has("loop")) {
            plan = service.planAfter(
                    loopOf(in),
                    failureOf(in.get("error")),
                    instantOf(in, "executionStart"),
                    in.path("budgetSeconds").asLong(0),
                    context.getAwsRequestId());
        } else if (namesAnHour(in)) {
            plan = service.plan(hourOf(in), shardsOf(in), in.path("force").asBoolean(false), context.getAwsRequestId());
        } else {
            plan = service.planDue(hourOf(in), shardsOf(in), context.getAwsRequestId());
        }
        FanoutJson.write(output, plan);
    }

    /** True when the input names one hour ({@code hour} or {@code detail.hour}), not a scheduled catch-up. */
    static boolean namesAnHour(JsonNode in) {
        return text(in, "hour") != null || text(in.path("detail"), "hour") != null;
    }

    static Loop loopOf(JsonNode in) {
        try {
            return FanoutJson.MAPPER.treeToValue(in.get("loop"), Loop.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new FanoutFailedException("plan: bad loop in the input: " + e.getMessage(), e);
        }
    }

    /**
     * What a caught error says, short: Step Functions' {@code {"Error","Cause"}}, with a Lambda error's {@code Cause}
     * (its JSON {@code errorMessage}) unwrapped; null when there is no error.
     */
    static String failureOf(JsonNode error) {
        if (error == null || error.isNull() || error.isMissingNode()) {
            return null;
        }
        String name = error.path("Error").asText("");
        String cause = error.path("Cause").asText("");
        try {
            JsonNode c = FanoutJson.MAPPER.readTree(cause);
            if (c != null && c.hasNonNull("errorMessage")) {
                cause = c.get("errorMessage").asText();
            }
        } catch (JsonProcessingException notJson) {
            // a plain-text cause (a Map's failure, a timeout): kept as it is
        }
        String what = name.isEmpty() ? cause : cause.isEmpty() ? name : name + ": " + cause;
        if (what.isEmpty()) {
            what = error.toString();
        }
        return what.length() <= FAILURE_CHARS ? what : what.substring(0, FAILURE_CHARS) + "...";
    }

    private static Instant instantOf(JsonNode in, String field) {
        String v = text(in, field);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new FanoutFailedException("plan: bad " + field + " '" + v + "': " + e.getMessage(), e);
        }
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
