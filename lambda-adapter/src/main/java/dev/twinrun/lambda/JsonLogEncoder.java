package dev.twinrun.lambda;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One JSON object per log event on one line: {@code timestamp, level, message}, then {@code requestId, runId, bucket,
 * key, hour} from the MDC, then other MDC entries (numbers as numbers), {@code variant}, {@code logger}, and
 * {@code error}/{@code stackTrace} when there is a throwable. The EC2 adapter writes the same shape.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            for (String f : LogFields.ORDER) {
                String v = mdc.get(f);
                if (v != null) {
                    g.writeStringField(f, v);
                }
            }
            for (Map.Entry<String, String> e : new TreeMap<>(mdc).entrySet()) {
                if (!isOrdered(e.getKey())) {
                    String v = e.getValue();
                    if (v != null && INTEGER.matcher(v).matches()) {
                        g.writeNumberField(e.getKey(), Long.parseLong(v));
                    } else {
                        g.writeStringField(e.getKey(), v);
                    }
                }
            }
            g.writeStringField("variant", LogFields.VARIANT);
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
        out.write('\n');
        return out.toByteArray();
    }

    private static boolean isOrdered(String key) {
        for (String f : LogFields.ORDER) {
            if (f.equals(key)) {
                return true;
            }
        }
        return false;
    }
}
