package dev.twinrun.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.twinrun.core.HourId;
import java.time.Instant;
import java.util.Map;

/**
 * An EventBridge scheduled event: processes the hour before the event's time (the last complete hour), or the hour
 * named in the event's {@code detail.hour} ({@code 2026-11-26T13}) when a backfill or a benchmark asks for one. The
 * event arrives as the runtime parses it (a {@code Map}); {@link LambdaEvents} reads its fields.
 */
public final class ScheduledHourHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final HourRunner runner;

    /** Used by Lambda: configuration from the environment, built once per execution environment. */
    public ScheduledHourHandler() {
        this(HourRunner.forLambda());
    }

    ScheduledHourHandler(HourRunner runner) {
        this.runner = runner;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return runner.run(hourOf(event), context.getAwsRequestId(), null);
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
