package dev.twinrun.adapter;

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
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One JSON object per log event on one line, the fields of {@link LogField} in the order it documents, the same on
 * both adapters. Events of the {@link EmfWriter#LOGGER} logger are already EMF JSON and are written as they are.
 * The {@code variant} property (set by the adapter's log setup) is the {@code variant} field of every line.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    /** Whole numbers that fit a long, without leading zeros: written as JSON numbers so Logs Insights can sum them. */
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");

    private static final Set<String> FIRST =
            LogField.FIRST.stream().map(LogField::key).collect(Collectors.toSet());

    private String variant = "local";

    /** The variant written on every line ({@code lambda}, {@code fanout}, {@code ec2}). */
    public void setVariant(String variant) {
        this.variant = variant;
    }

    public String getVariant() {
        return variant;
    }

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
        if (EmfWriter.LOGGER.equals(event.getLoggerName())) {
            return (event.getFormattedMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(
                    LogField.TIMESTAMP.key(),
                    Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField(LogField.LEVEL.key(), event.getLevel().toString());
            g.writeStringField(LogField.MESSAGE.key(), event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            for (LogField f : LogField.FIRST) {
                String v = mdc.get(f.key());
                if (v != null) {
                    g.writeStringField(f.key(), v);
                }
            }
            for (Map.Entry<String, String> e : new TreeMap<>(mdc).entrySet()) {
                if (!FIRST.contains(e.getKey())) {
                    String v = e.getValue();
                    if (v != null && INTEGER.matcher(v).matches()) {
                        g.writeNumberField(e.getKey(), Long.parseLong(v));
                    } else {
                        g.writeStringField(e.getKey(), v);
                    }
                }
            }
            g.writeStringField(LogField.VARIANT.key(), variant);
            g.writeStringField(LogField.LOGGER.key(), event.getLoggerName());
            IThrowableProxy t = event.getThrowableProxy();
            if (t != null) {
                g.writeStringField(LogField.ERROR.key(), t.getClassName() + ": " + t.getMessage());
                g.writeStringField(LogField.STACK_TRACE.key(), ThrowableProxyUtil.asString(t));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
