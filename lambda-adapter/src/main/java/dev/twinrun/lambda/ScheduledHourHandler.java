package dev.twinrun.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.twinrun.core.HourId;
import java.time.Instant;
import java.util.Map;

/**
 * An EventBridge scheduled event: processes the hour before the event's time (the last complete hour), or the hour
 * named in the event's {@code detail.hour} ({@code 2026-11-26T13}) when a backfill or a benchmark asks for one.
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

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        return runner.run(hourOf(event), context.getAwsRequestId(), null);
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
