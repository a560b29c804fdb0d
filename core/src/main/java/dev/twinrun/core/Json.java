package dev.twinrun.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON with byte-identical output on every machine: insertion-ordered, two-space indent, LF, final newline.
 *
 * <p>Trees are written and read with jackson-core's generator and parser alone, not through an {@code ObjectMapper}:
 * building a mapper loads about 300 classes, which the first invocation of every (cold, hourly) Lambda environment
 * and every EC2 tick would pay for in time. The bytes are those {@code mapper.writer(prettyPrinter)} writes and the
 * trees those {@code mapper.readTree} reads ({@code JsonTest} holds them against each other).
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DefaultIndenter LF = new DefaultIndenter("  ", "\n");

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = written(node, true);
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * {@code node} as one line of JSON (a missing node as ""), as {@code node.toString()} gives it (which builds an
     * object mapper): two trees read and built alike compare equal as text even where their number nodes differ
     * ({@code 42} parsed as an int, written as a long).
     */
    public static String compact(JsonNode node) {
        return node.isMissingNode() ? "" : written(node, false).toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ByteArrayOutputStream written(JsonNode node, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(
                        new DefaultPrettyPrinter().withObjectIndenter(LF).withArrayIndenter(LF));
            }
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull(); // as the mapper writes a missing node
            case BINARY -> g.writeBinary(node.binaryValue());
            default ->
                throw new IllegalArgumentException("no JSON for a " + node.getNodeType() + " node ("
                        + node.getClass().getSimpleName() + ")");
        }
    }

    /** The tree of {@code bytes}; empty input is a missing node; content after the first value is ignored. */
    public static JsonNode parse(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return p.nextToken() == null ? MissingNode.getInstance() : read(p);
        }
    }

    private static JsonNode read(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT ->
                switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("unexpected JSON token " + p.currentToken()); // parser's job
        };
    }
}
