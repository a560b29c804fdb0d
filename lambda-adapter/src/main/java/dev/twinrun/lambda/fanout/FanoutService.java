package dev.twinrun.lambda.fanout;

import dev.twinrun.core.store.Stores;
import dev.twinrun.core.ConfigException;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.HourStatus;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.store.ObjectInfo;
import dev.twinrun.core.store.ObjectStore;
import dev.twinrun.core.job.RunResult;
import dev.twinrun.core.job.ShardSpec;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.S3ObjectStore;
import dev.twinrun.lambda.LogFields;
import dev.twinrun.lambda.Metrics;
import dev.twinrun.lambda.fanout.FanoutJson.MergeRequest;
import dev.twinrun.lambda.fanout.FanoutJson.Plan;
import dev.twinrun.lambda.fanout.FanoutJson.ShardDone;
import dev.twinrun.lambda.fanout.FanoutJson.ShardTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the three fan-out handlers share, built once per execution environment: the core job, the store shard results
 * go to ({@code <TWINRUN_OUTPUT_PREFIX>_shards/dt=../hour=../run=<runId>/shard-NNNN.bin}), and the plan settings.
 */
final class FanoutService {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutService.class);
    /** Folder (under the output prefix) of shard results, kept only between a fan-out's shard and merge steps. */
    static final String SHARDS = "_shards/";

    private final JobConfig config;
    private final HourJob job;
    private final ObjectStore bucket;
    private final FanoutSettings settings;
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    FanoutService(JobConfig config, HourJob job, ObjectStore bucket, FanoutSettings settings) {
        this.config = config;
        this.job = job;
        this.bucket = bucket;
        this.settings = settings;
    }

    /** From the function's environment; a bad setting fails the init with its name. */
    static FanoutService fromEnvironment(Map<String, String> env) {
        JobConfig config;
        FanoutSettings settings;
        try {
            config = JobConfig.fromEnv(env);
            settings = FanoutSettings.fromEnv(env);
        } catch (ConfigException e) {
            LOG.error("cannot start: {}", e.getMessage());
            throw e;
        }
        S3Client s3 = S3Clients.fromEnvironment(env);
        return new FanoutService(config, Stores.deployedJob(config, s3), new S3ObjectStore(s3, config.bucket(), ""),
                settings);
    }

    /** The bucket key of shard {@code index}'s result for one fan-out run. */
    String resultKey(HourId hour, String runId, int index) {
        return config.outputPrefix() + SHARDS + hour.path() + "/run=" + runId + "/" + String.format(Locale.ROOT,
                "shard-%04d.bin", index);
    }

    // ---- plan ------------------------------------------------------------------------------------

    /** Cuts the hour into {@code shards} shards (null: derived from the input size); none when it is already current and not forced. */
    Plan plan(HourId hour, Integer shards, boolean force, String requestId) {
        String runId = UUID.randomUUID().toString();
        begin(requestId, runId, hour);
        try {
            if (shards != null && (shards < 1 || shards > settings.maxShards())) {
                throw new FanoutFailedException("plan " + hour + ": shards must be 1.." + settings.maxShards()
                        + " (" + FanoutSettings.MAX_SHARDS + "), was " + shards);
            }
            List<ObjectInfo> files = job.inputFiles(hour);
            long bytes = files.stream().mapToLong(ObjectInfo::sizeBytes).sum();
            HourStatus status = job.status(hour);
            List<ShardTask> tasks = new ArrayList<>();
            if (status == HourStatus.DUE || (status == HourStatus.CURRENT && force)) {
                int n = shards != null ? shards : settings.shardsFor(bytes);
                for (ShardSpec s : ShardSpec.plan(files, n)) {
                    tasks.add(new ShardTask(hour.toString(), runId, s.index(), resultKey(hour, runId, s.index()), s.ranges()));
                }
            }
            MDC.put("status", status.name());
            MDC.put("files", Integer.toString(files.size()));
            MDC.put("bytesRead", Long.toString(bytes));
            MDC.put("shards", Integer.toString(tasks.size()));
            LOG.info("hour {} planned: {} shards over {} files ({} bytes), status {}", hour, tasks.size(), files.size(),
                    bytes, status);
            return new Plan(hour.toString(), runId, status.name(), files.size(), bytes, tasks.size(), tasks);
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
        MDC.put(LogFields.KEY, task.resultKey());
        boolean cold = coldStart.getAndSet(false);
        try {
            String expected = resultKey(hour, task.runId(), task.index());
            if (!expected.equals(task.resultKey())) {
                throw new FanoutFailedException("shard " + task.index() + " of " + hour + ": resultKey '"
                        + task.resultKey() + "' is not this run's key '" + expected + "'");
            }
            byte[] result = job.runShard(hour, new ShardSpec(task.index(), task.ranges()));
            bucket.put(task.resultKey(), result);
            long inputBytes = task.ranges().stream().mapToLong(r -> r.end() - r.start()).sum();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            ShardDone done = new ShardDone(task.index(), task.resultKey(), result.length, inputBytes, task.ranges().size(), ms);
            MDC.put("shard", Integer.toString(task.index()));
            MDC.put("bytesRead", Long.toString(inputBytes));
            MDC.put("resultBytes", Long.toString(result.length));
            MDC.put("durationMs", Long.toString(ms));
            LOG.info("shard {} of hour {} done: {} input bytes, {} result bytes", task.index(), hour, inputBytes,
                    result.length);
            Map<String, Metrics.Value> m = new LinkedHashMap<>();
            m.put("ShardBytesRead", new Metrics.Value(inputBytes, "Bytes"));
            m.put("ShardResultBytes", new Metrics.Value(result.length, "Bytes"));
            m.put("ShardDurationMs", new Metrics.Value(ms, "Milliseconds"));
            m.put(LogFields.COLD_START, new Metrics.Value(cold ? 1 : 0, "Count"));
            FanoutMetrics.emit(m, properties(requestId, task.runId(), hour, "SHARD"));
            return done;
        } catch (UnusableInputException e) {
            MDC.put(LogFields.KEY, e.file());
            MDC.put("reason", e.reason());
            LOG.error("unusable input {}: {}; shard {} of hour {} failed", e.file(), e.reason(), task.index(), hour);
            throw new FanoutFailedException("shard " + task.index() + " of hour " + hour + ": unusable input "
                    + e.file() + ": " + e.reason(), e);
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
            LogFields.putResult(r);
            MDC.put("shards", Integer.toString(results.size()));
            LOG.info("hour {} {} from {} shards", hour,
                    r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '), results.size());
            boolean processed = r.outcome() == RunResult.Outcome.PUBLISHED;
            Map<String, Metrics.Value> m = new LinkedHashMap<>();
            m.put(LogFields.ROWS_READ, new Metrics.Value(processed ? r.rowsRead() : 0, "Count"));
            m.put(LogFields.ROWS_QUARANTINED, new Metrics.Value(processed ? r.rowsQuarantined() : 0, "Count"));
            m.put(LogFields.BYTES_READ, new Metrics.Value(processed ? r.bytesRead() : 0, "Bytes"));
            m.put("MergeDurationMs", new Metrics.Value(r.durationMs(), "Milliseconds"));
            m.put("Shards", new Metrics.Value(results.size(), "Count"));
            m.put(LogFields.COLD_START, new Metrics.Value(cold ? 1 : 0, "Count"));
            FanoutMetrics.emit(m, properties(requestId, request.runId(), hour, r.outcome().name()));
            Map<String, Object> out = LogFields.summary(r);
            out.put("shards", results.size());
            out.put("shardResultsDeleted", deleted);
            return out;
        } catch (UnusableInputException e) {
            MDC.put(LogFields.KEY, e.file());
            MDC.put("reason", e.reason());
            LOG.error("unusable input {}: {}; nothing published for hour {}", e.file(), e.reason(), hour);
            throw new FanoutFailedException("merge of hour " + hour + ": unusable input " + e.file() + ": " + e.reason(), e);
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
            throw new FanoutFailedException("merge of hour " + hour + ": no result for shards " + missing + " of "
                    + n + "; nothing published");
        }
        return List.of(byIndex);
    }

    /** A plan without shards: the hour had no input or was current; confirm it still is. */
    private RunResult withoutShards(HourId hour, String runId) throws IOException {
        HourStatus now = job.status(hour);
        RunResult.Outcome outcome = switch (now) {
            case NO_INPUT -> RunResult.Outcome.NO_INPUT;
            case CURRENT -> RunResult.Outcome.ALREADY_CURRENT;
            case DUE -> throw new FanoutFailedException("merge of hour " + hour + ": the plan had no shards but the "
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
        MDC.put(LogFields.REQUEST_ID, requestId);
        MDC.put(LogFields.RUN_ID, runId);
        MDC.put(LogFields.BUCKET, config.bucket());
        MDC.put(LogFields.HOUR, hour.toString());
    }

    private Map<String, String> properties(String requestId, String runId, HourId hour, String outcome) {
        Map<String, String> p = new java.util.TreeMap<>();
        p.put(LogFields.REQUEST_ID, requestId);
        p.put(LogFields.RUN_ID, runId);
        p.put(LogFields.HOUR, hour.toString());
        p.put(LogFields.BUCKET, config.bucket());
        p.put("outcome", outcome);
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
