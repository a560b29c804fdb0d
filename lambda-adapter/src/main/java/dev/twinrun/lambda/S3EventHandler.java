package dev.twinrun.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.twinrun.adapter.LogField;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.lambda.LambdaEvents.S3Record;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * S3 {@code ObjectCreated} under the input prefix: processes the hour of each created object (repeated and out-of-order
 * events are safe, the job is idempotent). The job is incremental: the event parses only files without a partial.
 * Without a quiet period it publishes the hour on every event; with one ({@code TWINRUN_QUIET_MINUTES}) it publishes
 * only a final hour (closed past its grace period, or with its completion signal: the marker
 * {@code dt=YYYY-MM-DD/hour=HH/_COMPLETE}, whose event reaches this handler too, or the expected file count), and the
 * schedule publishes the rest once quiet (see {@code docs/OUTPUTS.md}). A scheduled event (no {@code Records}, a
 * {@code time}) is that schedule's tick, handled as {@link ScheduledHourHandler} does.
 * Objects outside the configured bucket and prefix, or that name no hour, are skipped with a WARN line. The event
 * arrives as its JSON bytes, which {@link LambdaEvents} reads (not the runtime's object mapper: see there).
 */
public final class S3EventHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(S3EventHandler.class);
    private final HourRunner runner;

    /** Used by Lambda: configuration from the environment, built once per execution environment. */
    public S3EventHandler() {
        this(HourRunner.forLambda());
    }

    S3EventHandler(HourRunner runner) {
        this.runner = runner;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaEvents.write(output, handleRequest(LambdaEvents.read(input, "S3 event"), context));
    }

    /** The event as its JSON object; the answer the invocation returns. */
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (!event.containsKey("Records") && LambdaEvents.time(event) != null) {
            // The debounce's tick (an EventBridge schedule on the same function): publishes the hours now quiet.
            return new ScheduledHourHandler(runner).handleRequest(event, context);
        }
        List<Map<String, Object>> hours = new ArrayList<>();
        Map<HourId, String> todo = new LinkedHashMap<>();
        for (S3Record rec : LambdaEvents.s3Records(event)) {
            hourOf(rec, context.getAwsRequestId()).ifPresent(h -> todo.putIfAbsent(h, rec.key()));
        }
        todo.forEach((hour, key) -> hours.add(runner.onEvent(hour, context.getAwsRequestId(), key)));
        return Map.of("hours", hours);
    }

    /** Whether {@code rel} is an hour's completion marker {@code dt=YYYY-MM-DD/hour=HH/<marker>}. */
    private boolean isMarker(String rel) {
        Optional<HourId> h = HourId.fromPath(rel);
        return h.isPresent()
                && rel.equals(h.get().path() + "/" + runner.job().policy().completionMarker());
    }

    private Optional<HourId> hourOf(S3Record rec, String requestId) {
        String bucket = rec.bucket();
        String key = rec.key();
        String prefix = runner.config().inputPrefix();
        String skip = null;
        Optional<HourId> hour = Optional.empty();
        if (!runner.config().bucket().equals(bucket)) {
            skip = "not the configured bucket " + runner.config().bucket();
        } else if (!key.startsWith(prefix)) {
            skip = "not under the input prefix " + prefix;
        } else if (!rec.eventName().startsWith("ObjectCreated")) {
            skip = "event " + rec.eventName() + " is not ObjectCreated";
        } else {
            String rel = key.substring(prefix.length());
            hour = HourJob.inputHour(rel);
            if (hour.isEmpty() && isMarker(rel)) {
                hour = HourId.fromPath(rel); // the completion signal: the hour is final, published now
            }
            if (hour.isEmpty()) {
                skip = (HourId.fromPath(rel).isEmpty() ? "the key names no hour" : HourJob.notInput(rel))
                        + " (input is " + prefix + "dt=YYYY-MM-DD/hour=HH/NAME.csv)";
            }
        }
        if (skip != null) {
            MDC.put(LogField.REQUEST_ID.key(), requestId);
            MDC.put(LogField.BUCKET.key(), bucket);
            MDC.put(LogField.KEY.key(), key);
            LOG.warn("skipped s3://{}/{}: {}", bucket, key, skip);
            MDC.clear();
        }
        return hour;
    }
}
