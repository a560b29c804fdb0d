package dev.twinrun.ec2;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Writes each log event as one JSON object on one line, with the fields the Lambda adapter uses
 * ({@code timestamp, level, message, requestId, runId, bucket, key, hour}, then any other MDC entry);
 * events of the {@link Metrics#LOGGER} logger are already EMF JSON and are written as they are.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    /** MDC keys written first, in this order, so both variants' lines look alike. */
    public static final String[] FIELDS = {"requestId", "runId", "bucket", "key", "hour"};

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NEWLINE = {'\n'};

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (Metrics.LOGGER.equals(event.getLoggerName())) {
            return (event.getFormattedMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            for (String f : FIELDS) {
                String v = mdc.get(f);
                if (v != null) {
                    g.writeStringField(f, v);
                }
            }
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(mdc).entrySet()) {
                if (!isField(e.getKey())) {
                    writeValue(g, e.getKey(), e.getValue());
                }
            }
            g.writeStringField("variant", "ec2");
            g.writeStringField("logger", event.getLoggerName());
            IThrowableProxy t = event.getThrowableProxy();
            if (t != null) {
                g.writeStringField("error", t.getClassName() + ": " + t.getMessage());
                g.writeStringField("stackTrace", ThrowableProxyUtil.asString(t));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write(NEWLINE, 0, 1);
        return out.toByteArray();
    }

    /** Numbers stay numbers so CloudWatch Logs Insights can sum them. */
    private static void writeValue(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && value.matches("-?(0|[1-9][0-9]{0,17})")) {
            g.writeNumberField(name, Long.parseLong(value));
        } else {
            g.writeStringField(name, value);
        }
    }

    private static boolean isField(String key) {
        for (String f : FIELDS) {
            if (f.equals(key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
