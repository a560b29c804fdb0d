package dev.twinrun.core.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value of the spec with the line it starts on, so every validation message can name the line
 * (Jackson's tree model forgets locations).
 */
final class Node {
    enum Kind {
        OBJECT,
        ARRAY,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL
    }

    final Kind kind;
    final int line;
    final String text; // scalars
    final Map<String, Node> fields; // objects, in file order
    final List<Node> items; // arrays
    private final Ctx ctx;

    /** Where the spec came from, shared by all its nodes for messages. */
    record Ctx(String source) {}

    private Node(Ctx ctx, Kind kind, int line, String text, Map<String, Node> fields, List<Node> items) {
        this.ctx = ctx;
        this.kind = kind;
        this.line = line;
        this.text = text;
        this.fields = fields;
        this.items = items;
    }

    static Node parse(byte[] json, String source) {
        Ctx ctx = new Ctx(source);
        try (JsonParser p = new JsonFactory().createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SpecException(source, 1, "the spec is empty; expected a JSON object");
            }
            Node root = read(ctx, p, t);
            if (p.nextToken() != null) {
                throw new SpecException(
                        source, p.currentLocation().getLineNr(), "unexpected content after the spec's object");
            }
            return root;
        } catch (JsonParseException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new SpecException(source, line, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SpecException(source, 1, "cannot read the spec: " + e.getMessage());
        }
    }

    private static Node read(Ctx ctx, JsonParser p, JsonToken t) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    int at = p.currentTokenLocation().getLineNr();
                    Node v = read(ctx, p, p.nextToken());
                    if (fields.put(name, v) != null) {
                        throw new SpecException(ctx.source(), at, "field '" + name + "' appears twice");
                    }
                }
                return new Node(ctx, Kind.OBJECT, line, null, fields, List.of());
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(ctx, p, t));
                }
                return new Node(ctx, Kind.ARRAY, line, null, Map.of(), items);
            }
            case VALUE_STRING -> {
                return new Node(ctx, Kind.STRING, line, p.getText(), Map.of(), List.of());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Node(ctx, Kind.NUMBER, line, p.getText(), Map.of(), List.of());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(ctx, Kind.BOOLEAN, line, p.getText(), Map.of(), List.of());
            }
            case VALUE_NULL -> {
                return new Node(ctx, Kind.NULL, line, null, Map.of(), List.of());
            }
            default -> throw new SpecException(ctx.source(), line, "unexpected JSON token " + t);
        }
    }

    SpecException error(String message) {
        return new SpecException(ctx.source(), line, message);
    }

    String source() {
        return ctx.source();
    }

    // ---- typed access ---------------------------------------------------------------------------

    Node object(String what) {
        if (kind != Kind.OBJECT) {
            throw error(what + " must be a JSON object");
        }
        return this;
    }

    /** Fails naming any field not in {@code allowed} (typos must not pass silently). */
    void only(String what, String... allowed) {
        object(what);
        List<String> ok = List.of(allowed);
        for (Map.Entry<String, Node> e : fields.entrySet()) {
            if (!ok.contains(e.getKey())) {
                throw e.getValue().error("unknown field '" + e.getKey() + "' in " + what + "; expected one of " + ok);
            }
        }
    }

    Node get(String field) {
        return fields.get(field);
    }

    Node required(String field, String what) {
        Node n = fields.get(field);
        if (n == null) {
            throw error(what + " needs a '" + field + "' field");
        }
        return n;
    }

    String string(String what) {
        if (kind != Kind.STRING) {
            throw error(what + " must be a string");
        }
        return text;
    }

    String string(String field, String what, String fallback) {
        Node n = fields.get(field);
        return n == null ? fallback : n.string(what + "." + field);
    }

    long integer(String what) {
        if (kind != Kind.NUMBER || text.contains(".") || text.contains("e") || text.contains("E")) {
            throw error(what + " must be a whole number");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(what + " is out of range");
        }
    }

    int integer(String field, String what, int fallback, int min, int max) {
        Node n = fields.get(field);
        if (n == null) {
            return fallback;
        }
        long v = n.integer(what + "." + field);
        if (v < min || v > max) {
            throw n.error(what + "." + field + " must be from " + min + " to " + max + ", not " + v);
        }
        return (int) v;
    }

    boolean bool(String field, String what, boolean fallback) {
        Node n = fields.get(field);
        if (n == null) {
            return fallback;
        }
        if (n.kind != Kind.BOOLEAN) {
            throw n.error(what + "." + field + " must be true or false");
        }
        return Boolean.parseBoolean(n.text);
    }

    List<Node> array(String what) {
        if (kind != Kind.ARRAY) {
            throw error(what + " must be a JSON array");
        }
        return items;
    }

    List<String> strings(String what) {
        List<String> out = new ArrayList<>();
        for (Node n : array(what)) {
            out.add(n.string(what + " item"));
        }
        return out;
    }

    /** A scalar's text (string, number or boolean). */
    String scalar(String what) {
        if (kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BOOLEAN) {
            return text;
        }
        throw error(what + " must be a string, number or boolean");
    }
}
