package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates a price book file line by line, so a user can follow every line to a public source: each line has an id
 * (unique), a known kind, a non-negative value, a positive {@code per}, a unit, the date it applies from, the book's
 * region, a source naming an {@code https://} address and no internal note or "re-check", and the date the source was
 * read (a date, not in the future). Problems name the file's line number and the line id.
 */
public final class PriceBookCheck {

    /** The kinds a line may have. */
    public static final Set<String> KINDS = Set.of("price", "billing", "free-tier", "limit", "guidance", "assumption");

    /** Words a source must not contain: a source is public and final, not a note to self. */
    static final List<String> NOT_PUBLIC = List.of("re-check", "recheck", "facts.md", "shared/", "internal", "todo");

    private static final Set<String> LINE_FIELDS =
            Set.of("id", "kind", "value", "per", "unit", "description", "date", "region", "source", "read");

    /** One thing wrong with a book: the file line it is on (0 when unknown), the price line's id, and why. */
    public record Problem(int fileLine, String lineId, String reason) {
        @Override
        public String toString() {
            return (fileLine > 0 ? "line " + fileLine + ": " : "") + (lineId.isEmpty() ? "" : lineId + ": ") + reason;
        }
    }

    private final LocalDate today;

    /** A checker that treats {@code today} as the latest valid read date. */
    public PriceBookCheck(LocalDate today) {
        this.today = requireNonNull(today, "today");
    }

    /** Checks a book read from {@code in}; a file that is not JSON is one problem naming where it breaks. */
    public List<Problem> check(InputStream in) throws IOException {
        List<Problem> problems = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problems.add(new Problem(line(p), "", "a price book is a JSON object"));
                return problems;
            }
            String region = null;
            boolean sawLines = false;
            List<Map.Entry<Integer, JsonNode>> lines = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                int at = line(p);
                p.nextToken();
                if (field.equals("lines")) {
                    sawLines = true;
                    if (p.currentToken() != JsonToken.START_ARRAY) {
                        problems.add(new Problem(at, "", "\"lines\" must be an array"));
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        int lineAt = line(p);
                        lines.add(Map.entry(lineAt, mapper.readTree(p)));
                    }
                } else {
                    JsonNode value = mapper.readTree(p);
                    switch (field) {
                        case "region" -> region = value.asText();
                        case "date" -> checkDate(problems, at, "", "book date", value.asText(), false);
                        case "id" -> {
                            if (value.asText().isBlank()) {
                                problems.add(new Problem(at, "", "the book has no id"));
                            }
                        }
                        case "instances" -> checkInstances(problems, at, value);
                        default -> {}
                    }
                }
            }
            if (!sawLines || lines.isEmpty()) {
                problems.add(new Problem(0, "", "the book has no lines"));
            }
            if (region == null || region.isBlank()) {
                problems.add(new Problem(0, "", "the book has no region"));
            }
            Map<String, Integer> seen = new HashMap<>();
            for (Map.Entry<Integer, JsonNode> entry : lines) {
                checkLine(problems, entry.getKey(), entry.getValue(), region, seen);
            }
        } catch (JsonProcessingException e) {
            problems.add(new Problem(
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "",
                    "not JSON: " + e.getOriginalMessage()));
        }
        return problems;
    }

    private void checkLine(List<Problem> problems, int at, JsonNode node, String region, Map<String, Integer> seen) {
        if (!node.isObject()) {
            problems.add(new Problem(at, "", "a line must be a JSON object"));
            return;
        }
        String id = text(node, "id");
        if (id.isBlank()) {
            problems.add(new Problem(at, "", "line has no id"));
        } else {
            Integer first = seen.putIfAbsent(id, at);
            if (first != null) {
                problems.add(new Problem(at, id, "duplicate id (first on line " + first + ")"));
            }
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!LINE_FIELDS.contains(field)) {
                problems.add(new Problem(at, id, "unknown field \"" + field + "\""));
            }
        }
        String kind = text(node, "kind");
        if (!KINDS.contains(kind)) {
            problems.add(new Problem(at, id, "kind \"" + kind + "\" is not one of " + KINDS));
        }
        String value = text(node, "value");
        if (value.isBlank()) {
            problems.add(new Problem(at, id, "no value"));
        } else if (kind.equals("billing") && value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            checkDate(problems, at, id, "value", value, false);
        } else {
            checkNonNegative(problems, at, id, "value", value, false);
        }
        if (node.has("per")) {
            checkNonNegative(problems, at, id, "per", text(node, "per"), true);
        }
        if (text(node, "unit").isBlank()) {
            problems.add(new Problem(at, id, "no unit"));
        }
        checkDate(problems, at, id, "date", text(node, "date"), false);
        String lineRegion = text(node, "region");
        if (lineRegion.isBlank()) {
            problems.add(new Problem(at, id, "no region"));
        } else if (region != null && !region.equals(lineRegion)) {
            problems.add(new Problem(at, id, "region " + lineRegion + " is not the book's region " + region));
        }
        checkSource(problems, at, id, text(node, "source"));
        String read = text(node, "read");
        if (read.isBlank()) {
            problems.add(new Problem(at, id, "no \"read\" date (when the source was read)"));
        } else {
            checkDate(problems, at, id, "read", read, true);
        }
    }

    private static void checkInstances(List<Problem> problems, int at, JsonNode instances) {
        for (JsonNode instance : instances) {
            String type = text(instance, "type");
            if (instance.path("vcpus").asInt(0) <= 0
                    || instance.path("memoryMib").asInt(0) <= 0) {
                problems.add(new Problem(at, type, "instance needs positive vcpus and memoryMib"));
            }
            checkSource(problems, at, type, text(instance, "source"));
            if (!text(instance, "networkBaselineGbps").isEmpty()
                    || !text(instance, "ebsBaselineMbps").isEmpty()) {
                checkSource(problems, at, type, text(instance, "limitsSource"));
            }
        }
    }

    private static void checkSource(List<Problem> problems, int at, String id, String source) {
        if (source.isBlank()) {
            problems.add(new Problem(at, id, "no source"));
            return;
        }
        if (!source.contains("https://")) {
            problems.add(new Problem(at, id, "source names no public https:// address: " + source));
        }
        String lower = source.toLowerCase(Locale.ROOT);
        for (String word : NOT_PUBLIC) {
            if (lower.contains(word)) {
                problems.add(new Problem(at, id, "source is not a final public source (says \"" + word + "\")"));
            }
        }
    }

    private void checkDate(
            List<Problem> problems, int at, String id, String what, String value, boolean notAfterToday) {
        try {
            LocalDate date = LocalDate.parse(value);
            if (notAfterToday && date.isAfter(today)) {
                problems.add(new Problem(at, id, what + " " + value + " is after today (" + today + ")"));
            }
        } catch (DateTimeParseException e) {
            problems.add(new Problem(at, id, what + " \"" + value + "\" is not a date (YYYY-MM-DD)"));
        }
    }

    private static void checkNonNegative(
            List<Problem> problems, int at, String id, String what, String value, boolean positive) {
        try {
            BigDecimal d = new BigDecimal(value);
            if (d.signum() < 0 || (positive && d.signum() == 0)) {
                problems.add(
                        new Problem(at, id, what + " " + value + " must be " + (positive ? "positive" : "0 or more")));
            }
        } catch (NumberFormatException e) {
            problems.add(new Problem(at, id, what + " \"" + value + "\" is not a decimal number"));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
