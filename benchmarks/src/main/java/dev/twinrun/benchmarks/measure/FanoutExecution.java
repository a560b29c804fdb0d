package dev.twinrun.benchmarks.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.HourId;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaError;
import dev.twinrun.local.lambda.LambdaSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Steps the fan-out stack's state machine (infra's {@code FanoutVariantStack}) in the harness, state by state, with the
 * deployment zip's real Plan, Shard and Merge handlers, each function in forked runtimes of its own: Plan (the
 * scheduled event), HourDue, then per due hour the Shards map (every item on one of up to
 * {@link #MAX_CONCURRENCY} Shard runtimes at the same time, a failed item retried as the task's retry rule says, without
 * its 5 s wait), Merge and PlanNext, or PlanAfterFailure with the caught error, until Plan answers {@code done}
 * (NoHourDue). What only Step Functions adds, its own latency between states, is not in the measured times.
 *
 * <p>Before every execution all runtimes are recycled: a scheduled fan-out runs once an hour, and an environment does not
 * stay idle that long, so every execution starts cold as on AWS.
 */
final class FanoutExecution implements AutoCloseable {
    /** The deployed Map's MaxConcurrency (the stacks' default fanoutMaxConcurrency). */
    static final int MAX_CONCURRENCY = 10;
    /** The Shard task's retry rule: attempts after the first (States.TaskFailed, MaxAttempts 2). */
    static final int SHARD_RETRIES = 2;
    /**
     * PlanNext's time budget as the stack computes it: the state machine's 2 h timeout less four shard timeouts of the
     * default 900 s ({@code FanoutVariantStack.budgetSeconds}).
     */
    static final long BUDGET_SECONDS = 2 * 3600 - 4 * 900;

    static final String PLAN_HANDLER = "dev.twinrun.lambda.fanout.PlanHandler::handleRequest";
    static final String SHARD_HANDLER = "dev.twinrun.lambda.fanout.ShardHandler::handleRequest";
    static final String MERGE_HANDLER = "dev.twinrun.lambda.fanout.MergeHandler::handleRequest";

    /** Which function an invocation was. */
    enum Step {
        PLAN,
        SHARD,
        MERGE
    }

    /** One invocation of an execution. */
    record Call(Step step, Invocation invocation) {}

    /**
     * What one execution did.
     *
     * @param invocations      every invocation, in order (shards in index order)
     * @param mergedAfterMs    per hour merged (published or failed), real ms from the execution's start to the end of
     *                         its Merge
     * @param wallMs           the execution's real time
     * @param transitions      the parent's state transitions, every state entered once per entry (Choice and Succeed
     *                         included), as Step Functions Standard bills them
     * @param childExecutions  Map items run (each a child execution with its Shard task; retries not counted)
     * @param failures         what failed, one line each (a failed step, or the execution's end)
     */
    record Result(
            List<Call> invocations,
            Map<HourId, Double> mergedAfterMs,
            double wallMs,
            int transitions,
            int childExecutions,
            List<String> failures) {
        Result {
            invocations = List.copyOf(invocations);
            mergedAfterMs = Map.copyOf(mergedAfterMs);
            failures = List.copyOf(failures);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path zip;
    private final int memoryMb;
    private final String region;
    private final Map<String, String> env;
    private final ForkedLambda plan;
    private final ForkedLambda merge;
    private final List<ForkedLambda> shards = new ArrayList<>();
    private final ExecutorService pool;

    private FanoutExecution(Path zip, int memoryMb, String region, Map<String, String> env) throws IOException {
        this.zip = zip;
        this.memoryMb = memoryMb;
        this.region = region;
        this.env = Map.copyOf(env);
        this.plan = ForkedLambda.start(spec(PLAN_HANDLER, "plan"));
        ForkedLambda m = null;
        try {
            m = ForkedLambda.start(spec(MERGE_HANDLER, "merge"));
        } catch (IOException | RuntimeException e) {
            plan.close();
            throw e;
        }
        this.merge = m;
        this.pool = Executors.newFixedThreadPool(MAX_CONCURRENCY, r -> {
            Thread t = new Thread(r, "twinrun-fanout-shard");
            t.setDaemon(true);
            return t;
        });
    }

    /** The three functions of {@code zip} at {@code memoryMb}, with the fan-out's environment {@code env}. */
    static FanoutExecution start(Path zip, int memoryMb, String region, Map<String, String> env) throws IOException {
        return new FanoutExecution(zip, memoryMb, region, env);
    }

    private LambdaSpec spec(String handler, String name) {
        return LambdaSpec.builder(zip, handler)
                .memoryMb(memoryMb)
                .timeout(Duration.ofMinutes(15))
                .functionName("twinrun-arrival-fanout-" + name)
                .region(region)
                .env(new LinkedHashMap<>(env))
                .build();
    }

    /** One execution started by the schedule at {@code tick} (the EventBridge rule's event). */
    Result execute(Instant tick) throws IOException, InterruptedException {
        plan.recycle();
        merge.recycle();
        shards.forEach(ForkedLambda::recycle);
        List<Call> invocations = new ArrayList<>();
        Map<HourId, Double> merged = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        String executionStart = Instant.now().toString();
        long t0 = System.nanoTime();
        int transitions = 1; // Plan
        int children = 0;
        Invocation p = plan.invoke(ArrivalExperiment.scheduledEvent(tick));
        invocations.add(new Call(Step.PLAN, p));
        while (true) {
            if (!p.succeeded()) {
                failures.add("plan failed (the execution fails): " + LambdaVariant.describe(p));
                break;
            }
            JsonNode planned = JSON.readTree(p.response());
            transitions++; // HourDue
            if (planned.path("done").asBoolean(false)) {
                transitions++; // NoHourDue
                break;
            }
            JsonNode loop = planned.path("loop");
            HourId hour = HourId.parse(planned.path("hour").asText());
            transitions++; // Shards
            List<JsonNode> items = new ArrayList<>();
            planned.path("shards").forEach(items::add);
            children += items.size();
            MapResult map = shards(items, invocations, hour);
            ObjectNode error = map.error();
            if (error != null) {
                failures.add(error.path("Cause").asText());
            } else {
                transitions++; // Merge
                Invocation m = merge.invoke(mergeEvent(planned, map.answers()).toString());
                invocations.add(new Call(Step.MERGE, m));
                merged.put(hour, (System.nanoTime() - t0) / 1e6);
                if (!m.succeeded()) {
                    error = caught(m);
                    failures.add("merge of " + hour + " failed: " + LambdaVariant.describe(m));
                }
            }
            ObjectNode next = JSON.createObjectNode();
            next.set("loop", loop);
            if (error != null) {
                next.set("error", error);
            }
            next.put("executionStart", executionStart);
            next.put("budgetSeconds", BUDGET_SECONDS);
            transitions++; // PlanNext or PlanAfterFailure
            p = plan.invoke(next.toString());
            invocations.add(new Call(Step.PLAN, p));
        }
        return new Result(invocations, merged, (System.nanoTime() - t0) / 1e6, transitions, children, failures);
    }

    /** The Shards map's answers in item order, or the error its Catch hands on (null when every item succeeded). */
    private record MapResult(List<JsonNode> answers, ObjectNode error) {}

    /**
     * The Shards map: every item on a Shard runtime, up to {@link #MAX_CONCURRENCY} at the same time, each retried up
     * to {@link #SHARD_RETRIES} times; the caught error when an item still failed (the map tolerates no failure).
     */
    private MapResult shards(List<JsonNode> items, List<Call> invocations, HourId hour)
            throws IOException, InterruptedException {
        int lanes = Math.min(items.size(), MAX_CONCURRENCY);
        while (shards.size() < lanes) {
            shards.add(ForkedLambda.start(spec(SHARD_HANDLER, "shard-" + shards.size())));
        }
        @SuppressWarnings("unchecked")
        List<Invocation>[] attempts = new List[items.size()];
        List<Future<?>> running = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            ForkedLambda fn = shards.get(lane);
            running.add(pool.submit(() -> {
                for (int i = first; i < items.size(); i += lanes) {
                    List<Invocation> tries = new ArrayList<>();
                    Invocation inv;
                    do {
                        inv = fn.invoke(items.get(i).toString());
                        tries.add(inv);
                    } while (!inv.succeeded() && tries.size() <= SHARD_RETRIES);
                    attempts[i] = tries;
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IOException(
                        "a shard invocation of " + hour + " could not run: " + e.getCause(), e.getCause());
            }
        }
        List<JsonNode> answers = new ArrayList<>();
        String failed = null;
        for (int i = 0; i < items.size(); i++) {
            for (Invocation inv : attempts[i]) {
                invocations.add(new Call(Step.SHARD, inv));
            }
            Invocation last = attempts[i].get(attempts[i].size() - 1);
            if (last.succeeded()) {
                answers.add(JSON.readTree(last.response()));
            } else if (failed == null) {
                failed = "shard " + i + " of " + hour + " failed after " + attempts[i].size() + " attempt(s): "
                        + LambdaVariant.describe(last);
            }
        }
        if (failed == null) {
            return new MapResult(answers, null);
        }
        ObjectNode error = JSON.createObjectNode();
        error.put("Error", "States.ExceedToleratedFailureThreshold");
        error.put("Cause", failed);
        return new MapResult(answers, error);
    }

    /** The Merge task's input as the stack's payload builds it: hour, runId, shardCount and the map's results. */
    private static ObjectNode mergeEvent(JsonNode planned, List<JsonNode> answers) {
        ObjectNode e = JSON.createObjectNode();
        e.put("hour", planned.path("hour").asText());
        e.put("runId", planned.path("runId").asText());
        e.put("shardCount", planned.path("shardCount").asInt());
        ArrayNode results = e.putArray("results");
        answers.forEach(results::add);
        return e;
    }

    /** The error a Catch hands on for a failed Lambda task: {@code {"Error": errorType, "Cause": the error's JSON}}. */
    static ObjectNode caught(Invocation failed) {
        ObjectNode error = JSON.createObjectNode();
        LambdaError e = failed.failure().orElseThrow();
        error.put("Error", e.errorType());
        error.put("Cause", e.body());
        return error;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        plan.close();
        merge.close();
        shards.forEach(ForkedLambda::close);
    }
}
