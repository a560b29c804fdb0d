package dev.twinrun.lambda.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.ecommerce.EventGenerator;
import dev.twinrun.core.job.Publication;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.lambda.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out's scheduled path catches up as the other triggers do: each Plan step picks the oldest due hour, the
 * state machine loops (Plan, Shards, Merge, Plan ...) until none is due. Driven here as the state machine drives it
 * (see {@link #execution}), against its own embedded S3 server, so no other test's hours are due.
 */
class FanoutCatchUpTest {
    /** The schedule's first tick: a catch-up up to 2026-11-26T13. */
    private static final Instant TICK = Instant.parse("2026-11-26T14:05:00Z");

    private static final HourId LAST = HourId.parse("2026-11-26T13");

    private FanoutBucket s3;
    private PlanHandler plan;
    private ShardHandler shard;
    private MergeHandler merge;

    @BeforeEach
    void handlers() {
        s3 = new FanoutBucket();
        FanoutService service = FanoutService.fromEnvironment(s3.env());
        plan = new PlanHandler(service);
        shard = new ShardHandler(service);
        merge = new MergeHandler(service);
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    @Test
    void aLateFileForAnHourFiveHoursBackIsPublishedByTheNextScheduledFanout() throws Exception {
        HourId late = hoursBack(5);
        for (int back = 5; back >= 0; back--) {
            s3.writeHour(FanoutBucket.BUCKET, hoursBack(back), 60_000, 0.0);
        }
        Execution first = execution(scheduled(TICK));
        assertThat(first.hours).as("hours the first tick processed").hasSize(6).startsWith(late.toString());
        String before = manifest(late);

        addLateFile(late);
        Execution next = execution(scheduled(TICK.plusSeconds(3600)));

        assertThat(next.hours)
                .as("the next tick: the late hour first, then the republish chain (each later hour compares with the "
                        + "one before)")
                .first()
                .isEqualTo(late.toString());
        assertThat(next.hours)
                .as("hours the next tick processed")
                .contains(late.next().toString());
        assertThat(next.failed).as("failed hours").isEmpty();
        assertThat(manifest(late))
                .as("manifest of the late hour after the next tick")
                .isNotEqualTo(before)
                .contains("late-0000.csv");
        Execution third = execution(scheduled(TICK.plusSeconds(7200)));
        assertThat(third.hours).as("hours a third tick finds due").isEmpty();
        assertThat(third.last.get("status").asText()).as("status").isEqualTo(FanoutService.NONE_DUE);
    }

    @Test
    void aFailedHourDoesNotStopTheCatchUpAndTheLastPlanStepFailsNamingIt() throws Exception {
        for (int back = 3; back >= 1; back--) {
            s3.writeHour(FanoutBucket.BUCKET, hoursBack(back), 40_000, 0.0);
        }
        HourId broken = hoursBack(3);

        assertThatThrownBy(() -> execution(scheduled(TICK), Set.of(broken.toString())))
                .as("the execution of a catch-up with one failed hour")
                .isInstanceOf(FanoutFailedException.class)
                .hasMessageContaining("1 of 3 hour(s) failed")
                .hasMessageContaining("first: " + broken + ": States.ExceedToleratedFailureThreshold");
        assertThat(Publication.current(s3.root(FanoutBucket.BUCKET), hoursBack(2)))
                .as("the hour after the failed one")
                .isPresent();
        assertThat(Publication.current(s3.root(FanoutBucket.BUCKET), hoursBack(1)))
                .as("the last hour")
                .isPresent();
        assertThat(Publication.current(s3.root(FanoutBucket.BUCKET), broken))
                .as("the failed hour")
                .isEmpty();
    }

    @Test
    void aNamedHourIsPlannedAloneAndTheLoopEndsAfterIt() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hoursBack(2), 40_000, 0.0);
        s3.writeHour(FanoutBucket.BUCKET, hoursBack(1), 40_000, 0.0);

        Execution one = execution("{\"hour\":\"" + hoursBack(1) + "\"}");

        assertThat(one.hours)
                .as("hours a named-hour execution processed")
                .containsExactly(hoursBack(1).toString());
        assertThat(Publication.current(s3.root(FanoutBucket.BUCKET), hoursBack(2)))
                .as("the other due hour")
                .isEmpty();
    }

    @Test
    void aCatchUpStopsWhenItsTimeBudgetIsUsedAndTheRestStaysDue() throws Exception {
        for (int back = 3; back >= 1; back--) {
            s3.writeHour(FanoutBucket.BUCKET, hoursBack(back), 40_000, 0.0);
        }
        JsonNode first = invoke(plan, scheduled(TICK));
        runShardsAndMerge(first);
        ObjectNode next = FanoutJson.MAPPER.createObjectNode();
        next.set("loop", first.get("loop"));
        next.put("executionStart", Instant.now().minusSeconds(7200).toString());
        next.put("budgetSeconds", 5400);

        JsonNode stopped = invoke(plan, next.toString());

        assertThat(stopped.get("done").asBoolean()).as("done after the budget").isTrue();
        assertThat(stopped.at("/loop/hoursDone").asInt()).as("hours done").isEqualTo(1);
        assertThat(invoke(plan, scheduled(TICK)).get("hour").asText())
                .as("the next start plans the oldest hour left")
                .isEqualTo(hoursBack(2).toString());
    }

    @Test
    void theLoopCarriedBetweenStepsStaysSmall() throws Exception {
        s3.writeHour(FanoutBucket.BUCKET, hoursBack(2), 40_000, 0.0);
        s3.writeHour(FanoutBucket.BUCKET, hoursBack(1), 40_000, 0.0);
        JsonNode first = invoke(plan, scheduled(TICK));
        ObjectNode next = FanoutJson.MAPPER.createObjectNode();
        next.set("loop", first.get("loop"));
        ObjectNode error = next.putObject("error");
        error.put("Error", "States.TaskFailed");
        error.put("Cause", "x".repeat(40_000));

        JsonNode after = invoke(plan, next.toString());

        assertThat(after.get("hour").asText())
                .as("hour planned after the failed one")
                .isEqualTo(hoursBack(1).toString());
        assertThat(after.at("/loop/failedHours").asInt()).as("failed hours").isEqualTo(1);
        assertThat(FanoutJson.MAPPER.writeValueAsBytes(after.get("loop")).length)
                .as("bytes of the loop after a failure with a 40,000-character cause")
                .isLessThan(1024);
    }

    private static HourId hoursBack(int n) {
        HourId h = LAST;
        for (int i = 0; i < n; i++) {
            h = h.previous();
        }
        return h;
    }

    private static String scheduled(Instant time) {
        return "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\"" + time
                + "\",\"detail\":{}}";
    }

    /** A third generated file for {@code hour}, uploaded after the hour was published. */
    private void addLateFile(HourId hour) throws IOException {
        S3ObjectStore scratch = new S3ObjectStore(s3.s3.client(), FanoutBucket.BUCKET, "scratch/");
        new EventGenerator(7, 0.0).writeHour(scratch, hour, 20_000, 1);
        byte[] bytes = scratch.read(hour.path() + "/part-0000.csv");
        s3.root(FanoutBucket.BUCKET).put("incoming/" + hour.path() + "/late-0000.csv", bytes);
    }

    private String manifest(HourId hour) throws IOException {
        return Publication.current(s3.root(FanoutBucket.BUCKET), hour)
                .orElseThrow()
                .manifest()
                .toString();
    }

    /** What an execution did: the hours it planned, in order, those that failed, and the last Plan step's answer. */
    private record Execution(List<String> hours, List<String> failed, JsonNode last) {}

    private Execution execution(String input) throws IOException {
        return execution(input, Set.of());
    }

    /**
     * The state machine's loop: Plan; while not done, Shards (the Map) and Merge, then Plan with the loop (and the
     * caught error when a step failed). Hours in {@code failing} fail as a Map whose shard failed does.
     */
    private Execution execution(String input, Set<String> failing) throws IOException {
        List<String> hours = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        JsonNode planned = invoke(plan, input);
        int steps = 0;
        while (!planned.get("done").asBoolean()) {
            assertThat(++steps).as("plan steps (the loop must end)").isLessThan(50);
            String hour = planned.get("hour").asText();
            hours.add(hour);
            ObjectNode next = FanoutJson.MAPPER.createObjectNode();
            next.set("loop", planned.get("loop"));
            next.put("executionStart", Instant.now().toString());
            next.put("budgetSeconds", 5400);
            if (failing.contains(hour)) {
                failed.add(hour);
                ObjectNode error = next.putObject("error");
                error.put("Error", "States.ExceedToleratedFailureThreshold");
                error.put("Cause", "The specified tolerated failure threshold was exceeded");
            } else {
                runShardsAndMerge(planned);
            }
            planned = invoke(plan, next.toString());
        }
        return new Execution(hours, failed, planned);
    }

    private JsonNode runShardsAndMerge(JsonNode planned) throws IOException {
        ArrayNode results = FanoutJson.MAPPER.createArrayNode();
        for (JsonNode item : planned.get("shards")) {
            results.add(invoke(shard, item.toString()));
        }
        ObjectNode m = FanoutJson.MAPPER.createObjectNode();
        m.put("hour", planned.get("hour").asText());
        m.put("runId", planned.get("runId").asText());
        m.put("shardCount", planned.get("shardCount").asInt());
        m.set("results", results);
        return invoke(merge, m.toString());
    }

    private static JsonNode invoke(RequestStreamHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, new FakeContext());
        return FanoutJson.MAPPER.readTree(out.toByteArray());
    }
}
