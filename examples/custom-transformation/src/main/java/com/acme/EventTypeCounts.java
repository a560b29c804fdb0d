package com.acme;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.transform.Header;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.RenderContext;
import dev.twinrun.core.transform.RowConsumer;
import dev.twinrun.core.transform.Transformation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A transformation of one's own: rows per value of the {@code event_type} column, an empty value quarantined. It
 * publishes {@code summary.json} (what compare's output check compares across the variants) and
 * {@code event_types.csv}. Partials are sorted maps, so files, threads and shards merge to the same bytes.
 */
public final class EventTypeCounts implements Transformation<EventTypeCounts.Counts> {
    public static final String NAME = "acme-event-types";
    public static final String COLUMN = "event_type";
    private static final String VERSION = "acme-event-types/1";

    /** The partial: rows per event type. */
    public static final class Counts {
        final TreeMap<String, Long> byType = new TreeMap<>();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Counts newPartial() {
        return new Counts();
    }

    @Override
    public RowConsumer bind(Header header, HourId hour, Counts partial) throws UnusableInputException {
        int col = header.indexOf(COLUMN);
        if (col < 0) {
            throw new UnusableInputException(header.file(), "required column '" + COLUMN + "' is missing");
        }
        return row -> {
            if (row.isEmpty(col)) {
                return new Rejection("missing_event_type", COLUMN + " is empty");
            }
            partial.byType.merge(row.text(col), 1L, Long::sum);
            return null;
        };
    }

    @Override
    public void merge(Counts into, Counts other) {
        other.byType.forEach((k, v) -> into.byType.merge(k, v, Long::sum));
    }

    @Override
    public List<OutputFile> render(Counts merged, RenderContext context) {
        StringBuilder json = new StringBuilder("{\n  \"transformation\" : \"" + NAME + "\",\n")
                .append("  \"hour\" : \"")
                .append(context.hour())
                .append("\",\n  \"rowsRead\" : ")
                .append(context.accounting().rowsRead())
                .append(",\n  \"rowsQuarantined\" : ")
                .append(context.accounting().rowsQuarantined())
                .append(",\n  \"eventTypes\" : {");
        StringBuilder csv = new StringBuilder("event_type,rows\n");
        String sep = "\n";
        for (Map.Entry<String, Long> e : merged.byType.entrySet()) {
            json.append(sep)
                    .append("    ")
                    .append(quote(e.getKey()))
                    .append(" : ")
                    .append(e.getValue());
            sep = ",\n";
            csv.append(csvCell(e.getKey())).append(',').append(e.getValue()).append('\n');
        }
        json.append(merged.byType.isEmpty() ? "}\n}\n" : "\n  }\n}\n");
        return List.of(
                new OutputFile("summary.json", json.toString().getBytes(StandardCharsets.UTF_8)),
                new OutputFile("event_types.csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public byte[] encode(Counts partial) {
        StringBuilder b = new StringBuilder(VERSION).append('\n');
        partial.byType.forEach((k, v) -> b.append(v).append('\t').append(k).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Counts decode(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(VERSION)) {
            throw new IllegalArgumentException("not an " + VERSION + " partial");
        }
        Counts c = new Counts();
        for (int i = 1; i < lines.length; i++) {
            int tab = lines[i].indexOf('\t');
            c.byType.put(lines[i].substring(tab + 1), Long.parseLong(lines[i].substring(0, tab)));
        }
        return c;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A CSV cell, quoted when needed, a leading formula character neutralised with a quote mark. */
    private static String csvCell(String s) {
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v;
    }
}
