package dev.twinrun.lambda.fanout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.core.job.ShardSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * The JSON the three tasks exchange through the state machine, as records: {@link Plan} (plan output, the Map's
 * items), {@link ShardTask} (one item), {@link ShardDone} (a shard's small answer), {@link MergeRequest}.
 */
final class FanoutJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private FanoutJson() {}

    /**
     * The plan: the hour, this fan-out's run id, and one task per shard ({@code shards}, the Map's items), with the
     * catch-up's {@link Loop}; {@code done} when no hour is left to plan (then {@code hour} is null).
     *
     * @param status the hour's status when planned: {@code DUE}, {@code CURRENT} (no shards unless forced),
     *     {@code NO_INPUT}; {@code NONE_DUE} when done
     */
    record Plan(
            String hour,
            String runId,
            String status,
            int inputFiles,
            long inputBytes,
            int shardCount,
            List<ShardTask> shards,
            Loop loop,
            boolean done) {
        Plan {
            shards = List.copyOf(shards);
            required(loop, "loop");
        }
    }

    /**
     * Where a catch-up stands, carried from one Plan step to the next (a few hundred bytes whatever the backlog).
     *
     * @param upTo the last hour this execution may plan (the hour before the schedule's time, or the named hour)
     * @param after the hour planned last (the next step plans the oldest due hour after it); null before the first
     * @param shards the shard count named in the event, null to derive it per hour
     * @param hoursDone hours planned and finished (published, current or failed) before this step
     * @param failedHours how many of those failed
     * @param firstFailure the first failed hour and why, "" when none
     */
    record Loop(String upTo, String after, Integer shards, int hoursDone, int failedHours, String firstFailure) {
        Loop {
            required(upTo, "upTo");
            firstFailure = firstFailure == null ? "" : firstFailure;
        }
    }

    /** One Map item: which byte ranges to parse and the key (in the bucket) its result goes to. */
    record ShardTask(String hour, String runId, Integer index, String resultKey, List<ShardSpec.Range> ranges) {
        ShardTask {
            required(hour, "hour");
            required(runId, "runId");
            required(index, "index");
            required(resultKey, "resultKey");
            ranges = List.copyOf(required(ranges, "ranges"));
        }
    }

    /** What a shard task returns: small, whatever the shard's size (the result itself is in S3). */
    record ShardDone(Integer index, String resultKey, long resultBytes, long inputBytes, int ranges, long durationMs) {
        ShardDone {
            required(index, "index");
            required(resultKey, "resultKey");
        }
    }

    /** The merge task's input: the plan's hour, run id and shard count, and every shard's answer. */
    record MergeRequest(String hour, String runId, Integer shardCount, List<ShardDone> results) {
        MergeRequest {
            required(hour, "hour");
            required(runId, "runId");
            required(shardCount, "shardCount");
            if (shardCount < 0) {
                throw new IllegalArgumentException("'shardCount' must be >= 0, was " + shardCount);
            }
            results = List.copyOf(required(results, "results"));
        }
    }

    static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return value;
    }

    /** Reads the task input as {@code type}; a malformed input becomes a {@link FanoutFailedException} saying what is wrong. */
    static <T> T read(InputStream in, Class<T> type, String task) {
        try {
            return MAPPER.readValue(in, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
            String why = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
            throw new FanoutFailedException(task + ": bad input: " + why, e);
        } catch (IOException e) {
            throw new FanoutFailedException(task + ": cannot read the input: " + e, e);
        }
    }

    static JsonNode tree(InputStream in, String task) {
        return read(in, JsonNode.class, task);
    }

    static void write(OutputStream out, Object value) throws IOException {
        MAPPER.writeValue(Objects.requireNonNull(out, "out"), value);
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
