package dev.twinrun.lambda.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.Stores;
import dev.twinrun.lambda.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three handlers driven as the state machine drives them (JSON in, JSON out): Plan, one Shard task per item,
 * Merge with {@code {hour, runId, shardCount, results}}, against the embedded S3 server.
 */
class FanoutHandlersTest {
    private static final String SINGLE = "twinrun-single";
    /** Step Functions' limit on a state's input or output. */
    private static final int STATE_LIMIT_BYTES = 256 * 1024;

    private static FanoutBucket s3;
    private static int hourSeq;
    private FanoutService service;
    private PlanHandler plan;
    private ShardHandler shard;
    private MergeHandler merge;
    private HourId hour;

    @BeforeAll
    static void startS3() {
        s3 = new FanoutBucket();
        s3.s3.createBucket(SINGLE);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void handlers() {
        service = FanoutService.fromEnvironment(s3.env());
        plan = new PlanHandler(service);
        shard = new ShardHandler(service);
        merge = new MergeHandler(service);
        // Each test its own hour, so tests sharing the server do not see each other's input.
        hour = HourId.parse("2026-11-2" + (hourSeq / 24) + "T" + String.format("%02d", hourSeq % 24));
        hourSeq++;
    }

    @Test
    void planShardsAndMergePublishTheSameBytesAsOneRun() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hour, 400_000, 0.02);
        s3.writeHour(SINGLE, hour, 400_000, 0.02);
        HourJob single =
                Stores.deployedJob(JobConfig.fromEnv(s3.env(SINGLE)), S3Clients.fromEnvironment(s3.env(SINGLE)));
        single.run(hour);

        JsonNode planned = invoke(plan, "{\"hour\":\"" + hour + "\",\"shards\":3}");
        assertThat(planned.get("shardCount").asInt()).as("shards planned").isEqualTo(3);
        assertThat(planned.get("status").asText()).as("status of a new hour").isEqualTo("DUE");
        JsonNode summary = runShardsAndMerge(planned);

        assertThat(summary.get("outcome").asText()).as("merge outcome").isEqualTo("PUBLISHED");
        assertThat(summary.get("rowsRead").asLong())
                .as("rows read = aggregated + quarantined")
                .isEqualTo(summary.get("rowsAggregated").asLong()
                        + summary.get("rowsQuarantined").asLong());
        assertThat(summary.get("rowsQuarantined").asLong())
                .as("bad rows quarantined")
                .isPositive();
        assertThat(summary.get("shardResultsDeleted").asInt())
                .as("shard results deleted")
                .isEqualTo(3);
        for (String folder : new String[] {HourJob.INSIGHTS, HourJob.QUARANTINE}) {
            Map<String, byte[]> fanned = s3.objects(FanoutBucket.BUCKET, folder + hour.path() + "/");
            Map<String, byte[]> one = s3.objects(SINGLE, folder + hour.path() + "/");
            assertThat(fanned.keySet())
                    .as(folder + " keys, fan-out vs one run")
                    .isNotEmpty()
                    .isEqualTo(one.keySet());
            for (String key : one.keySet()) {
                assertThat(fanned.get(key))
                        .as("bytes of " + key + ", fan-out vs one run")
                        .isEqualTo(one.get(key));
            }
        }
        assertThat(s3.objects(FanoutBucket.BUCKET, FanoutService.SHARDS + hour.path() + "/")
                        .keySet())
                .as("shard results left after publish")
                .isEmpty();
    }

    @Test
    void shardBoundariesInsideFilesStillGiveTheSameBytesForAnyShardCount() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hour, 150_000, 0.05);
        s3.writeHour(SINGLE, hour, 150_000, 0.05);
        Stores.deployedJob(JobConfig.fromEnv(s3.env(SINGLE)), S3Clients.fromEnvironment(s3.env(SINGLE)))
                .run(hour);
        byte[] expected =
                Publication.readPublished(s3.root(SINGLE), hour, "summary.json").orElseThrow();
        byte[] expectedRejected = Publication.readPublished(s3.root(SINGLE), hour, HourJob.QUARANTINE_FILE)
                .orElseThrow();

        for (int n : new int[] {1, 2, 5, 7}) {
            JsonNode planned = invoke(plan, "{\"hour\":\"" + hour + "\",\"shards\":" + n + ",\"force\":true}");
            JsonNode summary = runShardsAndMerge(planned);

            assertThat(summary.get("outcome").asText())
                    .as("outcome with " + n + " shards")
                    .isEqualTo("PUBLISHED");
            assertThat(Publication.readPublished(s3.root(FanoutBucket.BUCKET), hour, "summary.json")
                            .orElseThrow())
                    .as("summary.json with " + n + " shards")
                    .isEqualTo(expected);
            assertThat(Publication.readPublished(s3.root(FanoutBucket.BUCKET), hour, HourJob.QUARANTINE_FILE)
                            .orElseThrow())
                    .as("rejected_rows.csv with " + n + " shards")
                    .isEqualTo(expectedRejected);
        }
    }

    @Test
    void aScheduledEventPlansTheHourBeforeItsTime() {
        JsonNode event = fixture("plan-scheduled-event.json");

        assertThat(PlanHandler.hourOf(event)).as("hour for an event at 14:05").isEqualTo(HourId.parse("2026-11-26T13"));
        assertThat(PlanHandler.shardsOf(event))
                .as("shards when the event names none")
                .isNull();
    }

    @Test
    void aBackfillEventNamesTheHourAndTheShardCount() {
        JsonNode event = fixture("plan-backfill-event.json");

        assertThat(PlanHandler.hourOf(event)).as("detail.hour").isEqualTo(HourId.parse("2026-11-26T13"));
        assertThat(PlanHandler.shardsOf(event)).as("detail.shards").isEqualTo(2);
    }

    @Test
    void thePlanRequestFixtureIsWhatTheStateMachineIsStartedWith() {
        JsonNode request = fixture("plan-request.json");

        assertThat(PlanHandler.hourOf(request)).as("hour").isEqualTo(HourId.parse("2026-11-26T13"));
        assertThat(PlanHandler.shardsOf(request)).as("shards").isEqualTo(3);
    }

    @Test
    void withoutAShardCountThePlanDerivesOneFromTheInputSize() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hour, 300_000, 0.0);
        Map<String, String> env = s3.env();
        env.put(FanoutSettings.SHARD_TARGET_MB, "1");

        JsonNode planned = invoke(new PlanHandler(FanoutService.fromEnvironment(env)), "{\"hour\":\"" + hour + "\"}");

        assertThat(planned.get("shardCount").asInt())
                .as("one shard per MB of 300 KB")
                .isEqualTo(1);
        assertThat(planned.get("inputBytes").asLong()).as("input bytes").isGreaterThanOrEqualTo(300_000);
    }

    @Test
    void aCurrentHourIsPlannedWithoutShardsAndMergesAsAlreadyCurrent() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hour, 100_000, 0.0);
        runShardsAndMerge(invoke(plan, "{\"hour\":\"" + hour + "\",\"shards\":2}"));

        JsonNode again = invoke(plan, "{\"hour\":\"" + hour + "\",\"shards\":2}");
        assertThat(again.get("status").asText()).as("status after publishing").isEqualTo("CURRENT");
        assertThat(again.get("shards")).as("shards for a current hour").isEmpty();
        JsonNode summary = runShardsAndMerge(again);

        assertThat(summary.get("outcome").asText())
                .as("merge of an empty plan for a current hour")
                .isEqualTo("ALREADY_CURRENT");
    }

    @Test
    void anHourWithoutInputMergesAsNoInput() throws Exception {
        JsonNode planned = invoke(plan, "{\"hour\":\"" + hour + "\"}");

        assertThat(planned.get("status").asText()).as("status").isEqualTo("NO_INPUT");
        assertThat(runShardsAndMerge(planned).get("outcome").asText())
                .as("outcome")
                .isEqualTo("NO_INPUT");
    }

    @Test
    void aMissingShardResultFailsTheMergeAndPublishesNothing() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hour, 100_000, 0.0);
        JsonNode planned = invoke(plan, "{\"hour\":\"" + hour + "\",\"shards\":3}");
        ArrayNode results = FanoutJson.MAPPER.createArrayNode();
        for (int i = 0; i < 2; i++) {
            results.add(invoke(shard, planned.get("shards").get(i).toString()));
        }

        assertThatThrownBy(() -> invoke(merge, mergeRequest(planned, results).toString()))
                .as("merge without shard 2")
                .isInstanceOf(FanoutFailedException.class)
                .hasMessageContaining("no result for shards [2] of 3");
        assertThat(s3.root(FanoutBucket.BUCKET).head(HourJob.insightsKey(hour, HourJob.MANIFEST)))
                .as("manifest")
                .isEmpty();
        assertThat(s3.objects(FanoutBucket.BUCKET, FanoutService.SHARDS + hour.path() + "/")
                        .keySet())
                .as("results kept for a rerun")
                .hasSize(2);
    }

    @Test
    void inputChangedAfterThePlanFailsTheMergeAndPublishesNothing() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hour, 100_000, 0.0);
        JsonNode planned = invoke(plan, "{\"hour\":\"" + hour + "\",\"shards\":2}");
        ArrayNode results = FanoutJson.MAPPER.createArrayNode();
        for (JsonNode item : planned.get("shards")) {
            results.add(invoke(shard, item.toString()));
        }
        s3.root(FanoutBucket.BUCKET)
                .put("incoming/" + hour.path() + "/late.csv", "event_id,event_time\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> invoke(merge, mergeRequest(planned, results).toString()))
                .as("merge after a file arrived")
                .isInstanceOf(FanoutFailedException.class)
                .hasMessageContaining("merge of hour " + hour);
        assertThat(s3.root(FanoutBucket.BUCKET).head(HourJob.insightsKey(hour, HourJob.MANIFEST)))
                .as("manifest")
                .isEmpty();
    }

    @Test
    void aShardTaskCannotWriteOutsideItsRunsResultKey() {
        assertThatThrownBy(() -> invoke(shard, text("shard-foreign-key.json")))
                .as("shard task naming insights/ as its result key")
                .isInstanceOf(FanoutFailedException.class)
                .hasMessageContaining("is not this run's key");
    }

    @Test
    void aMergeRequestWithoutShardCountIsRejectedWithTheFieldsName() {
        assertThatThrownBy(() -> invoke(merge, text("merge-missing-fields.json")))
                .as("merge input without runId/shardCount")
                .isInstanceOf(FanoutFailedException.class)
                .hasMessageStartingWith("merge: bad input:")
                .hasMessageContaining("is missing");
    }

    @Test
    void aNegativeShardCountIsRejected() {
        assertThatThrownBy(() ->
                        invoke(merge, "{\"hour\":\"2026-11-26T13\",\"runId\":\"r\",\"shardCount\":-1,\"results\":[]}"))
                .as("shardCount -1")
                .isInstanceOf(FanoutFailedException.class)
                .hasMessageContaining("'shardCount' must be >= 0, was -1");
    }

    @Test
    void theStateAfterTheMapStaysUnderTheStateLimitWithTheMostShards() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hour, 1_000_000, 0.0);
        Map<String, String> env = s3.env();
        env.put(FanoutSettings.MAX_SHARDS, Integer.toString(FanoutSettings.MAX_SHARDS_LIMIT));
        int n = FanoutSettings.MAX_SHARDS_LIMIT;
        byte[] out = invokeRaw(
                new PlanHandler(FanoutService.fromEnvironment(env)),
                "{\"hour\":\"" + hour + "\",\"shards\":" + n + "}");
        JsonNode planned = FanoutJson.MAPPER.readTree(out);
        // Every answer has the same shape; the last shard's (the longest index) plus 20 bytes for larger numbers.
        int answerBytes = invokeRaw(shard, planned.get("shards").get(n - 1).toString()).length + 20;
        long afterMap = out.length + (long) n * (answerBytes + 1) + "\"results\":[]".length();

        assertThat(planned.get("shardCount").asInt()).as("shards").isEqualTo(n);
        assertThat(afterMap)
                .as(
                        "state after the Map (plan of %d bytes + %d answers of at most %d bytes)",
                        out.length, n, answerBytes)
                .isLessThan(STATE_LIMIT_BYTES);
    }

    @Test
    void aMaximumAboveTheHardLimitFailsTheInit() {
        Map<String, String> env = s3.env();
        env.put(FanoutSettings.MAX_SHARDS, "501");

        assertThatThrownBy(() -> FanoutService.fromEnvironment(env))
                .as("TWINRUN_MAX_SHARDS=501")
                .hasMessageContaining("TWINRUN_MAX_SHARDS must be 1..500");
    }

    @Test
    void aShardCountAboveTheMaximumIsRefused() {
        assertThatThrownBy(() -> invoke(plan, "{\"hour\":\"2026-11-26T13\",\"shards\":201}"))
                .as("201 shards with the default maximum")
                .isInstanceOf(FanoutFailedException.class)
                .hasMessageContaining("shards must be 1..200");
    }

    /** What the state machine does after Plan: one Shard task per item, then Merge. */
    private JsonNode runShardsAndMerge(JsonNode planned) throws IOException {
        ArrayNode results = FanoutJson.MAPPER.createArrayNode();
        for (JsonNode item : planned.get("shards")) {
            byte[] out = invokeRaw(shard, item.toString());
            assertThat(out.length).as("shard task output bytes").isLessThan(1024);
            results.add(FanoutJson.MAPPER.readTree(out));
        }
        return invoke(merge, mergeRequest(planned, results).toString());
    }

    /** The Merge task's payload, as the state machine builds it. */
    private static ObjectNode mergeRequest(JsonNode planned, ArrayNode results) {
        ObjectNode m = FanoutJson.MAPPER.createObjectNode();
        m.put("hour", planned.get("hour").asText());
        m.put("runId", planned.get("runId").asText());
        m.put("shardCount", planned.get("shardCount").asInt());
        m.set("results", results);
        return m;
    }

    private static JsonNode invoke(RequestStreamHandler handler, String json) throws IOException {
        return FanoutJson.MAPPER.readTree(invokeRaw(handler, json));
    }

    private static byte[] invokeRaw(RequestStreamHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, new FakeContext());
        return out.toByteArray();
    }

    private static String text(String fixture) {
        try (InputStream in =
                Objects.requireNonNull(FanoutHandlersTest.class.getResourceAsStream("/fanout/" + fixture), fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode fixture(String name) {
        try {
            return FanoutJson.MAPPER.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
