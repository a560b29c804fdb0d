package dev.twinrun.lambda;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few fields the handlers read from an S3 notification and an EventBridge scheduled event, taken from the event as
 * the runtime hands it over (the JSON object as a {@code Map}), so the deployment zip carries no event-types library.
 * A malformed event fails with the path of the field that is missing or of the wrong type.
 */
final class LambdaEvents {
    private LambdaEvents() {}

    /** One S3 notification record: its event name, bucket and URL-decoded object key. */
    record S3Record(String eventName, String bucket, String key) {}

    /** Every record of an S3 notification ({@code Records[].eventName, .s3.bucket.name, .s3.object.key}). */
    static List<S3Record> s3Records(Map<String, Object> event) {
        Object records = required(event, "Records", "S3 event");
        if (!(records instanceof List<?> list)) {
            throw new IllegalArgumentException("S3 event: 'Records' is not an array");
        }
        List<S3Record> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = "S3 event Records[" + i + "]";
            Map<String, Object> rec = object(list.get(i), at);
            Map<String, Object> s3 = object(required(rec, "s3", at), at + ".s3");
            Map<String, Object> bucket = object(required(s3, "bucket", at + ".s3"), at + ".s3.bucket");
            Map<String, Object> object = object(required(s3, "object", at + ".s3"), at + ".s3.object");
            out.add(new S3Record(
                    text(required(rec, "eventName", at), at + ".eventName"),
                    text(required(bucket, "name", at + ".s3.bucket"), at + ".s3.bucket.name"),
                    urlDecode(text(required(object, "key", at + ".s3.object"), at + ".s3.object.key"))));
        }
        return out;
    }

    /** A scheduled event's {@code detail.hour}, or null when it names none. */
    static String detailHour(Map<String, Object> event) {
        Object detail = event.get("detail");
        if (!(detail instanceof Map<?, ?> d)) {
            return null;
        }
        Object hour = d.get("hour");
        return hour == null || hour.toString().isBlank()
                ? null
                : hour.toString().strip();
    }

    /** A scheduled event's {@code time} ({@code 2026-11-26T14:00:05Z}), or null when it has none. */
    static Instant time(Map<String, Object> event) {
        Object time = event.get("time");
        if (time == null || time.toString().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time.toString().strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("scheduled event: 'time' is not an ISO-8601 instant: " + time, e);
        }
    }

    /** An S3 event key is URL-encoded ({@code +} for a space), as {@code S3EventNotification} decodes it. */
    static String urlDecode(String key) {
        return URLDecoder.decode(key, StandardCharsets.UTF_8);
    }

    private static Object required(Map<String, Object> map, String field, String at) {
        Object v = map.get(field);
        if (v == null) {
            throw new IllegalArgumentException(at + ": '" + field + "' is missing");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String at) {
        if (!(v instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(at + " is not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static String text(Object v, String at) {
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(at + " is not a string");
        }
        return s;
    }
}
