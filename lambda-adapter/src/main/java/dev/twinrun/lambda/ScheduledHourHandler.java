package dev.twinrun.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.twinrun.core.HourId;
import java.time.Instant;
import java.util.Map;

/**
 * An EventBridge scheduled event: processes every due hour up to the hour before the event's time (the last complete
 * hour) that still has input, oldest first, with the republish chain (the {@code CatchUp} engine the EC2 runner uses
 * too): a late file in an older hour, or an hour that failed, is picked up on the next tick. With {@code detail.hour}
 * ({@code 2026-11-26T13}), a backfill or a benchmark, exactly that hour.
 */
public final class ScheduledHourHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final HourRunner runner;

    /** Used by Lambda: configuration from the environment, built once per execution environment. */
    public ScheduledHourHandler() {
        this(HourRunner.fromEnvironment(System.getenv()));
    }

    ScheduledHourHandler(HourRunner runner) {
        this.runner = runner;
    }

    /** Time kept free at the end of an invocation: no new hour starts with less left. */
    static final long MARGIN_MS = 60_000;

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        if (namedHour(event) != null) {
            return runner.run(hourOf(event), context.getAwsRequestId(), null);
        }
        return runner.runDue(hourOf(event), context.getAwsRequestId(), context::getRemainingTimeInMillis, MARGIN_MS);
    }

    private static Object namedHour(ScheduledEvent event) {
        return event.getDetail() == null ? null : event.getDetail().get("hour");
    }

    static HourId hourOf(ScheduledEvent event) {
        Object named = event.getDetail() == null ? null : event.getDetail().get("hour");
        if (named != null) {
            return HourId.parse(named.toString());
        }
        Instant time = event.getTime() == null
                ? Instant.now()
                : Instant.ofEpochMilli(event.getTime().getMillis());
        return HourId.of(time).previous();
    }
}
