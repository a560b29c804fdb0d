package dev.twinrun.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.twinrun.core.HourId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * An EventBridge scheduled event: processes every due hour up to the hour before the event's time (the last complete
 * hour) that still has input, oldest first, with the republish chain (the {@code CatchUp} engine the EC2 runner uses
 * too): a late file in an older hour, or an hour that failed, is picked up on the next tick. With {@code detail.hour}
 * ({@code 2026-11-26T13}), a backfill or a benchmark, exactly that hour. When S3 events are debounced
 * ({@code TWINRUN_QUIET_MINUTES} set), the schedule also publishes the current hour once its newest file is quiet
 * that long, and an hour's final publication after its grace period: it then runs every few minutes (the infra
 * setting {@code scheduleMinutes}).
 * The event arrives as its JSON bytes, which {@link LambdaEvents} reads (not the runtime's object mapper: see there).
 */
public final class ScheduledHourHandler implements RequestStreamHandler {
    private final HourRunner runner;

    /** Used by Lambda: configuration from the environment, built once per execution environment. */
    public ScheduledHourHandler() {
        this(HourRunner.forLambda());
    }

    ScheduledHourHandler(HourRunner runner) {
        this.runner = runner;
    }

    /** Time kept free at the end of an invocation: no new hour starts with less left. */
    static final long MARGIN_MS = 60_000;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaEvents.write(output, handleRequest(LambdaEvents.read(input, "scheduled event"), context));
    }

    /** The event as its JSON object; the answer the invocation returns. */
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (LambdaEvents.detailHour(event) != null) {
            return runner.run(hourOf(event), context.getAwsRequestId(), null);
        }
        Instant time = LambdaEvents.time(event);
        return runner.runDue(
                runner.scheduleUpTo(time == null ? Instant.now() : time),
                context.getAwsRequestId(),
                context::getRemainingTimeInMillis,
                MARGIN_MS);
    }

    static HourId hourOf(Map<String, Object> event) {
        String named = LambdaEvents.detailHour(event);
        if (named != null) {
            return HourId.parse(named);
        }
        Instant time = LambdaEvents.time(event);
        return HourId.of(time == null ? Instant.now() : time).previous();
    }
}
