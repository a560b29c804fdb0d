package dev.twinrun.lambda.fanout;

import dev.twinrun.adapter.DeployedJob;
import dev.twinrun.adapter.EmfWriter;
import dev.twinrun.adapter.HourRunLog;
import dev.twinrun.adapter.LogField;
import dev.twinrun.adapter.Metric;
import dev.twinrun.adapter.MetricUnit;
import dev.twinrun.adapter.Telemetry;
import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.job.CatchUp;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.HourStatus;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.job.ShardSpec;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.lambda.fanout.FanoutJson.Loop;
import dev.twinrun.lambda.fanout.FanoutJson.MergeRequest;
import dev.twinrun.lambda.fanout.FanoutJson.Plan;
import dev.twinrun.lambda.fanout.FanoutJson.ShardDone;
import dev.twinrun.lambda.fanout.FanoutJson.ShardTask;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the three fan-out handlers share, built once per execution environment: the core job, the store shard results
 * go to ({@code <TWINRUN_OUTPUT_PREFIX>_shards/dt=../hour=../run=<runId>/shard-NNNN.bin}), and the plan settings.
 * Logs carry the shared {@link LogField}s; metrics are EMF lines on stdout with dimension {@code Variant=fanout}: per
 * shard {@code ShardBytesRead}, {@code ShardResultBytes}, {@code ShardDurationMs}, per merge the hour's
 * {@code RowsRead}, {@code RowsQuarantined}, {@code BytesRead} (counted as {@link HourRunLog} counts them),
 * {@code MergeDurationMs} and {@code Shards}; both with {@code ColdStart}.
 */
final class FanoutService {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutService.class);
    /** Folder (under the output prefix) of shard results, kept only between a fan-out's shard and merge steps. */
    static final String SHARDS = "_shards/";

    static final String VARIANT = "fanout";
    /** A Plan step's status when no hour is left to plan. */
    static final String NONE_DUE = "NONE_DUE";

    static final Metric SHARD_BYTES_READ = new Metric("ShardBytesRead", MetricUnit.BYTES);
    static final Metric SHARD_RESULT_BYTES = new Metric("ShardResultBytes", MetricUnit.BYTES);
    static final Metric SHARD_DURATION_MS = new Metric("ShardDurationMs", MetricUnit.MILLISECONDS);
    static final Metric MERGE_DURATION_MS = new Metric("MergeDurationMs", MetricUnit.MILLISECONDS);
    static final Metric SHARD_COUNT = new Metric("Shards", MetricUnit.COUNT);

    private final JobConfig config;
    private final HourJob job;
    private final ObjectStore bucket;
    private final FanoutSettings settings;
    private final CatchUp catchUp;
    private final EmfWriter metrics = EmfWriter.toStdout(VARIANT);
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    FanoutService(JobConfig config, HourJob job, ObjectStore bucket, FanoutSettings settings) {
        this.config = config;
        this.job = job;
        this.bucket = bucket;
        this.settings = settings;
        this.catchUp = new CatchUp(job, CatchUp.DEFAULT_LOOKBACK_HOURS);
    }

    /** From the function's environment; a bad setting fails the init with its name. */
    static FanoutService fromEnvironment(Map<String, String> env) {
        FanoutSettings settings;
        try {
            settings = FanoutSettings.fromEnv(env);
        } catch (ConfigException e) {
            LOG.error("cannot start: {}", e.getMessage());
            throw e;
        }
        DeployedJob d = DeployedJob.fromEnvironment(env);
        return new FanoutService(d.config(), d.job(), d.s3().store(d.config().bucket(), ""), settings);
    }

    /** The bucket key of shard {@code index}'s result for one fan-out run. */
    String resultKey(HourId hour, String runId, int index) {
        return config.outputPrefix() + SHARDS + hour.path() + "/run=" + runId + "/"
                + String.format(Locale.ROOT, "shard-%04d.bin", index);
    }

    // ---- plan ------------------------------------------------------------------------------------

    /**
     * A named hour (a backfill or a start by hand): cuts it into {@code shards} shards (null: derived from the input
     * size); none when it is already current and not forced. The loop ends after this hour.
     */
    Plan plan(HourId hour, Integer shards, boolean force, String requestId) {
        return planHour(hour, shards, force, requestId, new Loop(hour.toString(), hour.toString(), shards, 0, 0, ""));
    }

    /** A scheduled start: plans the oldest due hour up to {@code upTo} ({@link CatchUp#nextDue}), or is done. */
    Plan planDue(HourId upTo, Integer shards, String requestId) {
        return planNext(new Loop(upTo.toString(), null, shards, 0, 0, ""), requestId);
    }

    /**
     * The step after an hour finished ({@code failure} null) or failed: plans the oldest due hour after it, or is done.
     * Done, too, once {@code budgetSeconds} have passed since {@code executionStart} (null or 0: no budget), so the
     * execution ends before its timeout; the hours left stay due for the next start. Done with failed hours fails,
     * naming how many and the first, so the execution fails and its alarm fires.
     */
    Plan planAfter(Loop loop, String failure, Instant executionStart, long budgetSeconds, String requestId) {
        String first =
                loop.firstFailure().isEmpty() && failure != null ? loop.after() + ": " + failure : loop.firstFailure();
        Loop next = new Loop(
                loop.upTo(),
                loop.after(),
                loop.shards(),
                loop.hoursDone() + 1,
                loop.failedHours() + (failure == null ? 0 : 1),
                first);
        if (failure != null) {
            LOG.error("hour {} failed: {}; catch-up goes on with the next due hour", loop.after(), failure);
        }
        if (executionStart != null
                && budgetSeconds > 0
                && Instant.now().isAfter(executionStart.plusSeconds(budgetSeconds))) {
            LOG.warn(
                    "catch-up up to {} stops after {} hour(s): the execution's {} s budget is used; due hours after {} "
                            + "wait for the next start",
                    next.upTo(),
                    next.hoursDone(),
                    budgetSeconds,
                    next.after());
            return done(next, requestId);
        }
        return planNext(next, requestId);
    }

    private Plan planNext(Loop loop, String requestId) {
        HourId upTo = hour(loop.upTo(), "plan");
        HourId after = loop.after() == null ? null : hour(loop.after(), "plan");
        Optional<HourId> next;
        try {
            next = catchUp.nextDue(after, upTo);
        } catch (IOException | RuntimeException e) {
            throw failure("plan (catch-up) up to", upTo, e);
        }
        if (next.isEmpty()) {
            return done(loop, requestId);
        }
        HourId hour = next.get();
        return planHour(
                hour,
                loop.shards(),
                false,
                requestId,
                new Loop(
                        loop.upTo(),
                        hour.toString(),
                        loop.shards(),
                        loop.hoursDone(),
                        loop.failedHours(),
                        loop.firstFailure()));
    }

    /** No hour left to plan: the last Plan step's answer, or a failure naming the failed hours. */
    private Plan done(Loop loop, String requestId) {
        String runId = UUID.randomUUID().toString();
        MDC.put(LogField.REQUEST_ID.key(), requestId);
        MDC.put(LogField.RUN_ID.key(), runId);
        MDC.put(LogField.BUCKET.key(), config.bucket());
        try {
            if (loop.failedHours() > 0) {
                String message = "catch-up up to " + loop.upTo() + ": " + loop.failedHours() + " of " + loop.hoursDone()
                        + " hour(s) failed; first: " + loop.firstFailure();
                LOG.error("{}", message);
                throw new FanoutFailedException(message);
            }
            LOG.info("catch-up up to {} done: {} hour(s) processed, none due now", loop.upTo(), loop.hoursDone());
            return new Plan(null, runId, NONE_DUE, 0, 0, 0, List.of(), loop, true);
        } finally {
            MDC.clear();
        }
    }

    private Plan planHour(HourId hour, Integer shards, boolean force, String requestId, Loop loop) {
        String runId = UUID.randomUUID().toString();
        begin(requestId, runId, hour);
        try {
            if (shards != null && (shards < 1 || shards > settings.maxShards())) {
                throw new FanoutFailedException("plan " + hour + ": shards must be 1.." + settings.maxShards() + " ("
                        + FanoutSettings.MAX_SHARDS + "), was " + shards);
            }
            List<ObjectInfo> files = job.inputFiles(hour);
            long bytes = files.stream().mapToLong(ObjectInfo::sizeBytes).sum();
            HourStatus status = job.status(hour);
            List<ShardTask> tasks = new ArrayList<>();
            if (status == HourStatus.DUE || (status == HourStatus.CURRENT && force)) {
                int n = shards != null ? shards : settings.shardsFor(bytes);
                // The job's plan: the files it reads (no unusable key, empty file or duplicate), as a run would.
                for (ShardSpec s : job.planShards(hour, n)) {
                    tasks.add(new ShardTask(
                            hour.toString(), runId, s.index(), resultKey(hour, runId, s.index()), s.ranges()));
                }
            }
            MDC.put(LogField.STATUS.key(), status.name());
            MDC.put(LogField.FILES.key(), Integer.toString(files.size()));
            MDC.put(LogField.BYTES_READ.key(), Long.toString(bytes));
            MDC.put(LogField.SHARDS.key(), Integer.toString(tasks.size()));
            LOG.info(
                    "hour {} planned: {} shards over {} files ({} bytes), status {}",
                    hour,
                    tasks.size(),
                    files.size(),
                    bytes,
                    status);
            return new Plan(
                    hour.toString(), runId, status.name(), files.size(), bytes, tasks.size(), tasks, loop, false);
        } catch (IOException | RuntimeException e) {
            throw failure("plan", hour, e);
        } finally {
            MDC.clear();
        }
    }

    // ---- shard -----------------------------------------------------------------------------------

    /** Parses one shard's ranges and writes the partial result to its key; returns the small answer. */
    ShardDone shard(ShardTask task, String requestId) {
        long t0 = System.nanoTime();
        HourId hour = hour(task.hour(), "shard");
        begin(requestId, task.runId(), hour);
        MDC.put(LogField.KEY.key(), task.resultKey());
        boolean cold = coldStart.getAndSet(false);
        try {
            String expected = resultKey(hour, task.runId(), task.index());
            if (!expected.equals(task.resultKey())) {
                throw new FanoutFailedException("shard " + task.index() + " of " + hour + ": resultKey '"
                        + task.resultKey() + "' is not this run's key '" + expected + "'");
            }
            byte[] result = job.runShard(hour, new ShardSpec(task.index(), task.ranges()));
            bucket.put(task.resultKey(), result);
            long inputBytes =
                    task.ranges().stream().mapToLong(r -> r.end() - r.start()).sum();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            ShardDone done = new ShardDone(
                    task.index(),
                    task.resultKey(),
                    result.length,
                    inputBytes,
                    task.ranges().size(),
                    ms);
            MDC.put(LogField.SHARD.key(), Integer.toString(task.index()));
            MDC.put(LogField.BYTES_READ.key(), Long.toString(inputBytes));
            MDC.put(LogField.RESULT_BYTES.key(), Long.toString(result.length));
            MDC.put(LogField.DURATION_MS.key(), Long.toString(ms));
            LOG.info(
                    "shard {} of hour {} done: {} input bytes, {} result bytes",
                    task.index(),
                    hour,
                    inputBytes,
                    result.length);
            Map<Metric, Long> m = new LinkedHashMap<>();
            m.put(SHARD_BYTES_READ, inputBytes);
            m.put(SHARD_RESULT_BYTES, (long) result.length);
            m.put(SHARD_DURATION_MS, ms);
            m.put(Telemetry.COLD_START, cold ? 1L : 0L);
            metrics.write(m, properties(requestId, task.runId(), hour, task.resultKey(), "SHARD"));
            return done;
        } catch (UnusableInputException e) {
            MDC.put(LogField.KEY.key(), e.file());
            MDC.put(LogField.REASON.key(), e.reason());
            LOG.error("unusable input {}: {}; shard {} of hour {} failed", e.file(), e.reason(), task.index(), hour);
            throw new FanoutFailedException(
                    "shard " + task.index() + " of hour " + hour + ": unusable input " + e.file() + ": " + e.reason(),
                    e);
        } catch (IOException | RuntimeException e) {
            throw failure("shard " + task.index() + " of", hour, e);
        } finally {
            MDC.clear();
        }
    }

    // ---- merge -----------------------------------------------------------------------------------

    /** Merges every shard's result and publishes the hour; deletes the results after a successful publish. */
    Map<String, Object> merge(MergeRequest request, String requestId) {
        HourId hour = hour(request.hour(), "merge");
        begin(requestId, request.runId(), hour);
        boolean cold = coldStart.getAndSet(false);
        try {
            List<ShardDone> results = inOrder(request, hour);
            RunResult r;
            if (results.isEmpty()) {
                r = withoutShards(hour, request.runId());
            } else {
                List<byte[]> bytes = new ArrayList<>(results.size());
                for (ShardDone d : results) {
                    bytes.add(bucket.read(d.resultKey()));
                }
                r = job.mergeShards(hour, bytes, request.runId());
            }
            int deleted = 0;
            if (r.outcome() == RunResult.Outcome.PUBLISHED) {
                for (ShardDone d : results) {
                    bucket.delete(d.resultKey());
                    deleted++;
                }
            }
            HourRunLog.putResult(r);
            MDC.put(LogField.SHARDS.key(), Integer.toString(results.size()));
            LOG.info(
                    "hour {} {} from {} shards",
                    hour,
                    r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    results.size());
            Map<Metric, Long> m = HourRunLog.processedCounts(r);
            m.put(MERGE_DURATION_MS, r.durationMs());
            m.put(SHARD_COUNT, (long) results.size());
            m.put(Telemetry.COLD_START, cold ? 1L : 0L);
            metrics.write(
                    m,
                    properties(
                            requestId,
                            request.runId(),
                            hour,
                            config.inputPrefix() + hour.path() + "/",
                            r.outcome().name()));
            Map<String, Object> out = HourRunLog.summary(r);
            out.put("shards", results.size());
            out.put("shardResultsDeleted", deleted);
            return out;
        } catch (UnusableInputException e) {
            MDC.put(LogField.KEY.key(), e.file());
            MDC.put(LogField.REASON.key(), e.reason());
            LOG.error("hour {} not published: unusable input {}: {}", hour, e.file(), e.reason());
            throw new FanoutFailedException(
                    "merge of hour " + hour + ": unusable input " + e.file() + ": " + e.reason(), e);
        } catch (IOException | RuntimeException e) {
            throw failure("merge of", hour, e);
        } finally {
            MDC.clear();
        }
    }

    /** The results sorted by index; exactly one per shard of the plan, each at this run's key. */
    private List<ShardDone> inOrder(MergeRequest request, HourId hour) {
        int n = request.shardCount();
        ShardDone[] byIndex = new ShardDone[n];
        for (ShardDone d : request.results()) {
            int i = d.index();
            if (i < 0 || i >= n) {
                throw new FanoutFailedException("merge of hour " + hour + ": result for shard " + i
                        + " is outside the plan's " + n + " shards");
            }
            if (byIndex[i] != null) {
                throw new FanoutFailedException("merge of hour " + hour + ": two results for shard " + i);
            }
            String expected = resultKey(hour, request.runId(), i);
            if (!expected.equals(d.resultKey())) {
                throw new FanoutFailedException("merge of hour " + hour + ": result key '" + d.resultKey()
                        + "' is not this run's key '" + expected + "'");
            }
            byIndex[i] = d;
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (byIndex[i] == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new FanoutFailedException(
                    "merge of hour " + hour + ": no result for shards " + missing + " of " + n + "; nothing published");
        }
        return List.of(byIndex);
    }

    /** A plan without shards: the hour had no input or was current; confirm it still is. */
    private RunResult withoutShards(HourId hour, String runId) throws IOException, UnusableInputException {
        HourStatus now = job.status(hour);
        if (now == HourStatus.DUE && job.planShards(hour, 1).isEmpty()) {
            // Every input is skipped (unusable or a duplicate): publish the hour with no rows and the reasons.
            return job.mergeShards(hour, List.of(), runId);
        }
        RunResult.Outcome outcome = switch (now) {
            case NO_INPUT -> RunResult.Outcome.NO_INPUT;
            case CURRENT -> RunResult.Outcome.ALREADY_CURRENT;
            case DUE ->
                throw new FanoutFailedException("merge of hour " + hour + ": the plan had no shards but the "
                        + "hour is due now (input arrived or changed since the plan); nothing published, run it again");
        };
        return new RunResult(runId, hour, outcome, 0, 0, 0, 0, 0, Map.of(), 0, List.of());
    }

    private static HourId hour(String text, String task) {
        try {
            return HourId.parse(text);
        } catch (RuntimeException e) {
            throw new FanoutFailedException(task + ": bad hour '" + text + "': " + e.getMessage(), e);
        }
    }

    private void begin(String requestId, String runId, HourId hour) {
        MDC.put(LogField.REQUEST_ID.key(), requestId);
        MDC.put(LogField.RUN_ID.key(), runId);
        MDC.put(LogField.BUCKET.key(), config.bucket());
        MDC.put(LogField.HOUR.key(), hour.toString());
    }

    /** The hour run log's properties: requestId, runId, hour, bucket, key, outcome. */
    private Map<String, String> properties(String requestId, String runId, HourId hour, String key, String outcome) {
        Map<String, String> p = new TreeMap<>();
        p.put(LogField.REQUEST_ID.key(), requestId);
        p.put(LogField.RUN_ID.key(), runId);
        p.put(LogField.HOUR.key(), hour.toString());
        p.put(LogField.BUCKET.key(), config.bucket());
        p.put(LogField.KEY.key(), key);
        p.put(LogField.OUTCOME.key(), outcome);
        return p;
    }

    /** Logs an ERROR naming the step, the hour and the cause, and returns the exception the handler throws. */
    private FanoutFailedException failure(String step, HourId hour, Exception e) {
        if (e instanceof FanoutFailedException f) {
            LOG.error("{}", f.getMessage());
            return f;
        }
        LOG.error("{} hour {} failed: {}", step, hour, e.toString(), e);
        return new FanoutFailedException(step + " hour " + hour + " failed: " + e, e);
    }
}
