package dev.twinrun.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few fields the handlers read from an S3 notification and an EventBridge scheduled event, taken from the event's
 * JSON object (a {@code Map} of {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}), so the
 * deployment zip carries no event-types library. A malformed event fails with the path of the field that is missing
 * or of the wrong type.
 *
 * <p>The handlers take the event's bytes ({@code RequestStreamHandler}) and read and write JSON here with
 * jackson-core's streaming parser and generator: as a {@code RequestHandler<Map, Map>}, the runtime builds its own
 * object mapper for the types at INIT (about 550 classes of its serialization library), which every cold hourly
 * invocation pays in billed time.
 */
final class LambdaEvents {
    private static final JsonFactory JSON = new JsonFactory();

    private LambdaEvents() {}

    /** The event's JSON object; not JSON, or not an object, fails naming {@code what} and where. */
    static Map<String, Object> read(InputStream in, String what) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            Map<String, Object> event = object(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException(what + ": more after the JSON object, at "
                        + p.currentLocation().offsetDescription());
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    what + " is not JSON: " + e.getOriginalMessage() + " at "
                            + (e.getLocation() == null ? "?" : e.getLocation().offsetDescription()),
                    e);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, value(p));
        }
        return m;
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected JSON token " + p.currentToken()); // parser's job
        };
    }

    /** {@code answer} as JSON: maps, lists, strings, numbers, booleans and null; anything else as its string. */
    static void write(OutputStream out, Map<String, ?> answer) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            write(g, answer);
        }
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }

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
