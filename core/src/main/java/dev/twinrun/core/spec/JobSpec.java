package dev.twinrun.core.spec;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated job spec (see {@code docs/JOBS.md} and {@code docs/job-spec.schema.json}): columns, row filters,
 * derived values, group-by sets and measures. Everything a row needs is checked here, before any row is read.
 */
public record JobSpec(
        String name,
        List<Column> columns,
        List<Cond> filters,
        List<Derived> derived,
        List<Measure> measures,
        List<Grouping> groupings,
        byte[] source) {

    /** Key values of a dimension column: at most this many distinct values an hour (ids are packed 21 bits). */
    public static final int MAX_DIMENSION_VALUES = (1 << 21) - 1;
    /** Group-by columns a set may have. */
    public static final int MAX_DIMENSIONS = 3;
    /** Digits a decimal or integer may have (they are held as scaled 64-bit integers). */
    public static final int MAX_PRECISION = 18;

    public JobSpec {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        filters = List.copyOf(filters);
        derived = List.copyOf(derived);
        measures = List.copyOf(measures);
        groupings = List.copyOf(groupings);
        source = source.clone();
    }

    /** Column types. */
    public enum Type {
        STRING,
        INTEGER,
        DECIMAL,
        TIMESTAMP,
        BOOLEAN,
        ENUM;

        boolean numeric() {
            return this == INTEGER || this == DECIMAL || this == TIMESTAMP || this == BOOLEAN;
        }
    }

    /**
     * One input column. {@code slot} numbers columns then derived values. {@code scale} is the decimal scale
     * (0 for other types). Timestamps are epoch seconds; booleans 0/1; enums the value's position.
     */
    public record Column(
            String name,
            int slot,
            Type type,
            int precision,
            int scale,
            boolean required,
            boolean optional,
            Cond requiredWhen,
            BigDecimal min,
            BigDecimal max,
            int minLength,
            int maxLength,
            String chars,
            List<String> values,
            String pattern,
            ZoneId zone,
            DateTimeFormatter formatter,
            boolean withinHour,
            List<String> trueValues,
            List<String> falseValues,
            int line) {}

    /** A value computed from others of the row, held at {@code scale}. */
    public record Derived(String name, int slot, Expr expr, int precision, int scale, int line) {}

    /** Measure functions. */
    public enum Fn {
        COUNT,
        SUM,
        MIN,
        MAX,
        AVERAGE,
        DISTINCT,
        FORMULA
    }

    /** A measure: {@code fn} of the value {@code of} (a column or derived value) over rows matching {@code where}. */
    public record Measure(String name, Fn fn, String of, Cond where, Expr formula, int scale, int line) {}

    /** Top-N rows per partition by a measure; ties broken by the group key's values, ascending. */
    public record Top(int n, String by, boolean descending, List<String> partitionBy) {}

    /** A group-by set: rows matching {@code where}, grouped by {@code by}, with these measures. */
    public record Grouping(
            String name, List<String> by, Cond where, List<String> measures, Top top, boolean inSummary, int line) {}

    /** A row condition. */
    public sealed interface Cond {
        /** {@code column} is (or, negated, is not) one of {@code values}. */
        record In(String column, List<String> values, boolean negated, int line) implements Cond {}

        /** {@code column} is empty (or not). */
        record Empty(String column, boolean empty, int line) implements Cond {}

        /** A numeric comparison of {@code column} with {@code value}: {@code = != < <= > >=}. */
        record Compare(String column, String op, BigDecimal value, int line) implements Cond {}

        record All(List<Cond> of) implements Cond {}

        record Any(List<Cond> of) implements Cond {}

        record Not(Cond of) implements Cond {}
    }

    /** Reads and validates a spec file. */
    public static JobSpec read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SpecException(file.toString(), 1, "cannot read the job spec: " + e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses and validates a spec; {@code source} names it in messages. */
    public static JobSpec parse(byte[] json, String source) {
        return new Reader(Node.parse(json, source)).read(json);
    }

    /** The column or derived value named {@code name}, as its slot, or -1. */
    int slotOf(String name) {
        for (Column c : columns) {
            if (c.name.equals(name)) {
                return c.slot;
            }
        }
        for (Derived d : derived) {
            if (d.name.equals(name)) {
                return d.slot;
            }
        }
        return -1;
    }

    Column column(String name) {
        return columns.stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }

    Measure measure(String name) {
        return measures.stream().filter(m -> m.name.equals(name)).findFirst().orElse(null);
    }

    /** The scale a value slot is held at. */
    int scaleOf(String name) {
        Column c = column(name);
        if (c != null) {
            return c.scale;
        }
        return derived.stream().filter(d -> d.name.equals(name)).findFirst().orElseThrow().scale;
    }

    /** Whether a value slot is numeric (derived values always are). */
    boolean numeric(String name) {
        Column c = column(name);
        return c == null || c.type.numeric();
    }

    private static final class Reader {
        private final Node root;
        private final Map<String, Node> valueNames = new LinkedHashMap<>();

        Reader(Node root) {
            this.root = root;
        }

        JobSpec read(byte[] bytes) {
            root.only(
                    "the spec",
                    "$schema",
                    "name",
                    "description",
                    "columns",
                    "filters",
                    "derived",
                    "measures",
                    "groupings");
            String name = root.required("name", "the spec").string("name");
            if (!name.matches("[a-z0-9][a-z0-9_\\-]{0,62}")) {
                throw root.get("name")
                        .error("name '" + name + "' must be lower-case letters, digits, '-' or '_'"
                                + " (at most 63), starting with a letter or digit");
            }
            List<Node> colNodes = root.required("columns", "the spec").array("columns");
            if (colNodes.isEmpty()) {
                throw root.get("columns").error("columns must list at least one column");
            }
            List<Node> derivedNodes = root.get("derived") == null
                    ? List.of()
                    : root.get("derived").array("derived");
            // Names first, so conditions and expressions can refer to any of them.
            for (Node c : colNodes) {
                declare(c.object("a column").required("name", "a column").string("column name"), c);
            }
            for (Node d : derivedNodes) {
                declare(
                        d.object("a derived value")
                                .required("name", "a derived value")
                                .string("derived name"),
                        d);
            }
            List<Column> columns = new ArrayList<>();
            for (Node c : colNodes) {
                columns.add(column(c, columns.size()));
            }
            List<Derived> derived = new ArrayList<>();
            for (Node d : derivedNodes) {
                derived.add(derived(d, columns.size() + derived.size()));
            }
            checkDerivedCycles(derived);
            // Conditions may now be checked against the value types.
            JobSpec partial = new JobSpec(name, columns, List.of(), derived, List.of(), List.of(), bytes);
            List<Cond> filters = new ArrayList<>();
            if (root.get("filters") != null) {
                for (Node f : root.get("filters").array("filters")) {
                    filters.add(cond(f, partial));
                }
            }
            columns = withRequiredWhen(colNodes, columns, partial);
            partial = new JobSpec(name, columns, filters, derived, List.of(), List.of(), bytes);
            List<Measure> measures = new ArrayList<>();
            for (Node m : root.required("measures", "the spec").array("measures")) {
                measures.add(measure(m, partial, measures));
            }
            checkFormulaCycles(measures);
            partial = new JobSpec(name, columns, filters, derived, measures, List.of(), bytes);
            List<Grouping> groupings = new ArrayList<>();
            List<Node> groupNodes = root.required("groupings", "the spec").array("groupings");
            if (groupNodes.isEmpty()) {
                throw root.get("groupings").error("groupings must list at least one group-by set");
            }
            for (Node g : groupNodes) {
                Grouping gr = grouping(g, partial);
                for (Grouping other : groupings) {
                    if (other.name.equals(gr.name)) {
                        throw g.error("group-by set '" + gr.name + "' is defined twice");
                    }
                }
                groupings.add(gr);
            }
            return new JobSpec(name, columns, filters, derived, measures, groupings, bytes);
        }

        private void declare(String name, Node at) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw at.error("name '" + name + "' must be letters, digits and '_', not starting with a digit"
                        + " (it is used in expressions)");
            }
            if (valueNames.put(name, at) != null) {
                throw at.error("'" + name + "' is declared twice (column and derived names share one namespace)");
            }
        }

        private Column column(Node c, int slot) {
            c.only(
                    "column",
                    "name",
                    "header",
                    "type",
                    "required",
                    "requiredWhen",
                    "optional",
                    "min",
                    "max",
                    "minLength",
                    "maxLength",
                    "chars",
                    "values",
                    "pattern",
                    "zone",
                    "withinHour",
                    "trueValues",
                    "falseValues",
                    "description");
            String name = c.get("name").text;
            String what = "column '" + name + "'";
            Node typeNode = c.required("type", what);
            String typeText = typeNode.string(what + ".type").strip();
            Type type;
            int precision = 0;
            int scale = 0;
            Matcher dm = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)").matcher(typeText);
            if (dm.matches()) {
                type = Type.DECIMAL;
                precision = Integer.parseInt(dm.group(1));
                scale = Integer.parseInt(dm.group(2));
                if (precision < 1 || precision > MAX_PRECISION || scale > precision) {
                    throw typeNode.error(
                            what + ": decimal(p,s) needs 1 <= p <= " + MAX_PRECISION + " and s <= p, not " + typeText);
                }
            } else {
                type = switch (typeText) {
                    case "string" -> Type.STRING;
                    case "integer" -> Type.INTEGER;
                    case "timestamp" -> Type.TIMESTAMP;
                    case "boolean" -> Type.BOOLEAN;
                    case "enum" -> Type.ENUM;
                    default ->
                        throw typeNode.error("unknown column type '" + typeText + "' for " + what
                                + "; expected string, integer, decimal(p,s), timestamp, boolean or enum");
                };
                if (type == Type.INTEGER) {
                    precision = MAX_PRECISION;
                }
            }
            boolean required = c.bool("required", what, false);
            boolean optional = c.bool("optional", what, false);
            BigDecimal min = bound(c, "min", what, type);
            BigDecimal max = bound(c, "max", what, type);
            int minLength = c.integer("minLength", what, 0, 0, 1 << 20);
            int maxLength = c.integer("maxLength", what, Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
            String chars = c.string("chars", what, null);
            if (chars != null) {
                if (type != Type.STRING || !chars.matches("([^-]-[^-]|[^-])+")) {
                    throw c.get("chars")
                            .error(what + ".chars applies to strings and is a list of ASCII characters"
                                    + " or ranges like 'A-Z0-9_'");
                }
            }
            if ((minLength > 0 || maxLength != Integer.MAX_VALUE) && type != Type.STRING) {
                throw c.error(what + ": minLength/maxLength apply to strings only");
            }
            List<String> values = List.of();
            if (type == Type.ENUM) {
                values = c.required("values", what).strings(what + ".values");
                if (values.isEmpty()
                        || values.size() != values.stream().distinct().count()) {
                    throw c.get("values").error(what + ".values must list distinct values");
                }
            } else if (c.get("values") != null) {
                throw c.get("values").error(what + ".values applies to enum columns only");
            }
            String pattern = null;
            ZoneId zone = null;
            DateTimeFormatter formatter = null;
            boolean withinHour = c.bool("withinHour", what, false);
            if (type == Type.TIMESTAMP) {
                pattern = c.string("pattern", what, "iso");
                String z = c.string("zone", what, "UTC");
                try {
                    zone = ZoneId.of(z);
                } catch (RuntimeException e) {
                    throw c.get("zone")
                            .error(what + ".zone '" + z + "' is not a time zone id (like UTC or Europe/Berlin)");
                }
                if (!pattern.equals("iso") && !pattern.equals("epoch_seconds") && !pattern.equals("epoch_millis")) {
                    try {
                        formatter = DateTimeFormatter.ofPattern(pattern).withZone(zone);
                    } catch (IllegalArgumentException e) {
                        throw c.get("pattern")
                                .error(what + ".pattern '" + pattern + "' is not a date-time pattern: "
                                        + e.getMessage());
                    }
                }
            } else if (c.get("pattern") != null || c.get("zone") != null || withinHour) {
                throw c.error(what + ": pattern, zone and withinHour apply to timestamp columns only");
            }
            List<String> trueValues = List.of("true", "TRUE", "True", "1");
            List<String> falseValues = List.of("false", "FALSE", "False", "0");
            if (type == Type.BOOLEAN) {
                if (c.get("trueValues") != null) {
                    trueValues = c.get("trueValues").strings(what + ".trueValues");
                }
                if (c.get("falseValues") != null) {
                    falseValues = c.get("falseValues").strings(what + ".falseValues");
                }
            }
            if (c.get("header") != null) {
                throw c.get("header").error(what + ": 'header' is not supported; the column's name is its header");
            }
            return new Column(
                    name,
                    slot,
                    type,
                    precision,
                    scale,
                    required,
                    optional,
                    null,
                    min,
                    max,
                    minLength,
                    maxLength,
                    chars,
                    values,
                    pattern,
                    zone,
                    formatter,
                    withinHour,
                    trueValues,
                    falseValues,
                    c.line);
        }

        private List<Column> withRequiredWhen(List<Node> nodes, List<Column> columns, JobSpec spec) {
            List<Column> out = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                Node rw = nodes.get(i).get("requiredWhen");
                if (rw == null) {
                    out.add(c);
                    continue;
                }
                Cond cond = cond(rw, spec);
                out.add(new Column(
                        c.name,
                        c.slot,
                        c.type,
                        c.precision,
                        c.scale,
                        c.required,
                        c.optional,
                        cond,
                        c.min,
                        c.max,
                        c.minLength,
                        c.maxLength,
                        c.chars,
                        c.values,
                        c.pattern,
                        c.zone,
                        c.formatter,
                        c.withinHour,
                        c.trueValues,
                        c.falseValues,
                        c.line));
            }
            return out;
        }

        private static BigDecimal bound(Node c, String field, String what, Type type) {
            Node n = c.get(field);
            if (n == null) {
                return null;
            }
            if (type != Type.INTEGER && type != Type.DECIMAL) {
                throw n.error(what + "." + field + " applies to integer and decimal columns only");
            }
            try {
                return new BigDecimal(n.scalar(what + "." + field));
            } catch (NumberFormatException e) {
                throw n.error(what + "." + field + " must be a number");
            }
        }

        private Derived derived(Node d, int slot) {
            d.only("derived value", "name", "expr", "type", "description");
            String name = d.get("name").text;
            String what = "derived value '" + name + "'";
            Node exprNode = d.required("expr", what);
            Expr e = Expr.parse(exprNode.string(what + ".expr"), exprNode);
            for (String ref : e.names()) {
                Node target = valueNames.get(ref);
                if (target == null) {
                    throw exprNode.error(
                            what + " refers to '" + ref + "', which is neither a column nor a derived" + " value");
                }
            }
            String typeText = d.string("type", what, "decimal(18,4)").strip();
            int precision;
            int scale;
            Matcher dm = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)").matcher(typeText);
            if (dm.matches()) {
                precision = Integer.parseInt(dm.group(1));
                scale = Integer.parseInt(dm.group(2));
                if (precision < 1 || precision > MAX_PRECISION || scale > precision) {
                    throw d.get("type").error(what + ": decimal(p,s) needs 1 <= p <= " + MAX_PRECISION + " and s <= p");
                }
            } else if (typeText.equals("integer")) {
                precision = MAX_PRECISION;
                scale = 0;
            } else {
                throw d.get("type")
                        .error("unknown type '" + typeText + "' for " + what
                                + "; a derived value is integer or decimal(p,s)");
            }
            return new Derived(name, slot, e, precision, scale, d.line);
        }

        private void checkDerivedCycles(List<Derived> derived) {
            Map<String, Derived> byName = new HashMap<>();
            derived.forEach(d -> byName.put(d.name, d));
            Map<String, Integer> state = new HashMap<>();
            for (Derived d : derived) {
                visit(d.name, byName, state, new ArrayList<>());
            }
        }

        private void visit(String name, Map<String, Derived> byName, Map<String, Integer> state, List<String> path) {
            Derived d = byName.get(name);
            if (d == null || Integer.valueOf(2).equals(state.get(name))) {
                return;
            }
            path.add(name);
            if (Integer.valueOf(1).equals(state.get(name))) {
                List<String> cycle = path.subList(path.indexOf(name), path.size());
                throw new SpecException(
                        root.source(), d.line, "derived values form a cycle: " + String.join(" -> ", cycle));
            }
            state.put(name, 1);
            for (String ref : d.expr.names()) {
                visit(ref, byName, state, path);
            }
            state.put(name, 2);
            path.remove(path.size() - 1);
        }

        private Cond cond(Node n, JobSpec spec) {
            n.object("a condition");
            if (n.get("all") != null || n.get("any") != null) {
                String key = n.get("all") != null ? "all" : "any";
                n.only("condition", key);
                List<Cond> of = new ArrayList<>();
                for (Node c : n.get(key).array(key)) {
                    of.add(cond(c, spec));
                }
                return key.equals("all") ? new Cond.All(of) : new Cond.Any(of);
            }
            if (n.get("not") != null) {
                n.only("condition", "not");
                return new Cond.Not(cond(n.get("not"), spec));
            }
            n.only("condition", "column", "in", "notIn", "isEmpty", "=", "!=", "<", "<=", ">", ">=");
            String col = n.required("column", "a condition").string("condition.column");
            int slot = spec.slotOf(col);
            if (slot < 0) {
                throw n.get("column")
                        .error("condition refers to '" + col + "', which is neither a column nor a" + " derived value");
            }
            if (n.fields.size() != 2) {
                throw n.error("a condition has 'column' and exactly one of in, notIn, isEmpty, =, !=, <, <=, >, >=");
            }
            Map.Entry<String, Node> test = n.fields.entrySet().stream()
                    .filter(e -> !e.getKey().equals("column"))
                    .findFirst()
                    .orElseThrow();
            String op = test.getKey();
            Node v = test.getValue();
            Column c = spec.column(col);
            switch (op) {
                case "in", "notIn" -> {
                    List<String> values = v.strings("condition." + op);
                    if (c == null || !(c.type == Type.STRING || c.type == Type.ENUM)) {
                        throw v.error("'" + op + "' compares text; '" + col + "' is not a string or enum column");
                    }
                    if (c.type == Type.ENUM) {
                        for (String s : values) {
                            if (!c.values.contains(s)) {
                                throw v.error("'" + s + "' is not one of " + col + "'s values " + c.values);
                            }
                        }
                    }
                    return new Cond.In(col, values, op.equals("notIn"), v.line);
                }
                case "isEmpty" -> {
                    if (v.kind != Node.Kind.BOOLEAN) {
                        throw v.error("isEmpty must be true or false");
                    }
                    return new Cond.Empty(col, Boolean.parseBoolean(v.text), v.line);
                }
                default -> {
                    boolean equality = op.equals("=") || op.equals("!=");
                    if (!spec.numeric(col)
                            || (c != null && c.type == Type.TIMESTAMP)
                            || (c != null && c.type == Type.BOOLEAN && !equality)) {
                        throw v.error("'" + op + "' compares numbers; '" + col + "' is not an integer, decimal or"
                                + " derived value (a boolean takes = 1 or = 0)");
                    }
                    BigDecimal value;
                    try {
                        value = new BigDecimal(v.scalar("condition." + op));
                    } catch (NumberFormatException e) {
                        throw v.error("'" + op + "' needs a number");
                    }
                    return new Cond.Compare(col, op, value, v.line);
                }
            }
        }

        private Measure measure(Node m, JobSpec spec, List<Measure> earlier) {
            m.only("measure", "name", "fn", "of", "where", "expr", "scale", "description");
            String name = m.required("name", "a measure").string("measure name");
            String what = "measure '" + name + "'";
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw m.get("name").error(what + ": a name is letters, digits and '_', not starting with a digit");
            }
            for (Measure e : earlier) {
                if (e.name.equals(name)) {
                    throw m.get("name").error(what + " is defined twice");
                }
            }
            Node fnNode = m.required("fn", what);
            String fnText = fnNode.string(what + ".fn");
            Fn fn;
            try {
                fn = Fn.valueOf(fnText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw fnNode.error("unknown measure function '" + fnText + "' for " + what
                        + "; expected count, sum, min, max, average, distinct or formula");
            }
            String of = null;
            Node ofNode = m.get("of");
            if (fn == Fn.FORMULA) {
                if (ofNode != null || m.get("where") != null) {
                    throw m.error(what + ": a formula has 'expr' over other measures, not 'of' or 'where'");
                }
                Node exprNode = m.required("expr", what);
                Expr e = Expr.parse(exprNode.string(what + ".expr"), exprNode);
                int scale = m.integer("scale", what, 4, 0, MAX_PRECISION);
                return new Measure(name, fn, null, null, e, scale, m.line);
            }
            if (m.get("expr") != null) {
                throw m.get("expr").error(what + ": 'expr' belongs to formula measures; use a derived value");
            }
            if (ofNode != null) {
                of = ofNode.string(what + ".of");
                if (spec.slotOf(of) < 0) {
                    throw ofNode.error(what + " is on '" + of + "', which is neither a column nor a derived value");
                }
                boolean numberNeeded = fn == Fn.SUM || fn == Fn.AVERAGE || fn == Fn.MIN || fn == Fn.MAX;
                Column c = spec.column(of);
                if (numberNeeded && !spec.numeric(of)) {
                    throw ofNode.error(what + ": " + fnText + " needs a number, and '" + of + "' is a "
                            + c.type.name().toLowerCase(Locale.ROOT) + " column");
                }
                if ((fn == Fn.SUM || fn == Fn.AVERAGE) && c != null && c.type == Type.TIMESTAMP) {
                    throw ofNode.error(what + ": " + fnText + " of a timestamp has no meaning; use min or max");
                }
            } else if (fn != Fn.COUNT) {
                throw m.error(what + ": " + fnText + " needs 'of' (a column or derived value)");
            }
            Cond where = m.get("where") == null ? null : cond(m.get("where"), spec);
            int defaultScale = of == null || !spec.numeric(of) ? 0 : Math.max(2, spec.scaleOf(of));
            int scale = m.integer("scale", what, defaultScale, 0, MAX_PRECISION);
            if (m.get("scale") != null && fn != Fn.AVERAGE) {
                throw m.get("scale").error(what + ": 'scale' applies to average and formula measures");
            }
            return new Measure(name, fn, of, where, null, scale, m.line);
        }

        private void checkFormulaCycles(List<Measure> measures) {
            Map<String, Measure> byName = new HashMap<>();
            measures.forEach(m -> byName.put(m.name, m));
            for (Measure m : measures) {
                if (m.fn == Fn.FORMULA) {
                    for (String ref : m.formula.names()) {
                        if (byName.get(ref) == null) {
                            throw new SpecException(
                                    root.source(),
                                    m.line,
                                    "formula '" + m.name + "' refers to '" + ref + "', which is not a measure");
                        }
                    }
                }
            }
            Map<String, Integer> state = new HashMap<>();
            for (Measure m : measures) {
                visitFormula(m.name, byName, state, new ArrayList<>());
            }
        }

        private void visitFormula(
                String name, Map<String, Measure> byName, Map<String, Integer> state, List<String> path) {
            Measure m = byName.get(name);
            if (m == null || m.fn != Fn.FORMULA || Integer.valueOf(2).equals(state.get(name))) {
                return;
            }
            path.add(name);
            if (Integer.valueOf(1).equals(state.get(name))) {
                throw new SpecException(
                        root.source(),
                        m.line,
                        "formula measures form a cycle: "
                                + String.join(" -> ", path.subList(path.indexOf(name), path.size())));
            }
            state.put(name, 1);
            for (String ref : m.formula.names()) {
                visitFormula(ref, byName, state, path);
            }
            state.put(name, 2);
            path.remove(path.size() - 1);
        }

        private Grouping grouping(Node g, JobSpec spec) {
            g.only("group-by set", "name", "by", "where", "measures", "top", "summary", "description");
            String name = g.required("name", "a group-by set").string("group-by set name");
            String what = "group-by set '" + name + "'";
            if (!name.matches("[a-z0-9][a-z0-9_\\-]{0,62}")) {
                throw g.get("name")
                        .error(what + ": the name (also its CSV file's name) is lower-case letters,"
                                + " digits, '-' or '_'");
            }
            if (name.equals("summary") || name.equals("data_quality")) {
                throw g.get("name").error(what + ": '" + name + "' is taken by a built-in output file");
            }
            Node byNode = g.required("by", what);
            List<String> by = byNode.strings(what + ".by");
            if (by.size() > MAX_DIMENSIONS) {
                throw byNode.error(
                        what + " groups by " + by.size() + " columns; at most " + MAX_DIMENSIONS + " are supported");
            }
            if (by.size() != by.stream().distinct().count()) {
                throw byNode.error(what + " names a column twice");
            }
            for (String b : by) {
                Column c = spec.column(b);
                if (c == null) {
                    throw byNode.error(what + " groups by '" + b + "', which is not a column"
                            + (spec.slotOf(b) >= 0 ? " (derived values cannot be group keys)" : ""));
                }
                if (c.type != Type.STRING && c.type != Type.ENUM && c.type != Type.BOOLEAN) {
                    throw byNode.error(what + " groups by '" + b + "', a "
                            + c.type.name().toLowerCase(Locale.ROOT)
                            + " column; group keys are string, enum or boolean columns");
                }
            }
            Cond where = g.get("where") == null ? null : cond(g.get("where"), spec);
            List<String> measures;
            if (g.get("measures") == null) {
                measures = spec.measures.stream().map(Measure::name).toList();
            } else {
                measures = g.get("measures").strings(what + ".measures");
                for (String m : measures) {
                    if (spec.measure(m) == null) {
                        throw g.get("measures").error(what + " lists measure '" + m + "', which is not defined");
                    }
                }
                // A formula needs the measures it is computed from.
                List<String> closed = new ArrayList<>(measures);
                for (int i = 0; i < closed.size(); i++) {
                    Measure m = spec.measure(closed.get(i));
                    if (m.fn == Fn.FORMULA) {
                        for (String ref : m.formula.names()) {
                            if (!closed.contains(ref)) {
                                throw g.get("measures")
                                        .error(what + ": formula '" + m.name + "' needs measure '" + ref
                                                + "' in the same set");
                            }
                        }
                    }
                }
            }
            Top top = null;
            Node t = g.get("top");
            if (t != null) {
                t.only(what + ".top", "n", "by", "order", "partitionBy");
                int n = t.integer("n", what + ".top", 10, 1, 1_000_000);
                String topBy = t.required("by", what + ".top").string(what + ".top.by");
                if (!measures.contains(topBy)) {
                    throw t.get("by")
                            .error(what + ".top ranks by '" + topBy + "', which is not one of its measures "
                                    + measures);
                }
                String order = t.string("order", what + ".top", "desc");
                if (!order.equals("desc") && !order.equals("asc")) {
                    throw t.get("order").error(what + ".top.order is desc or asc, not '" + order + "'");
                }
                List<String> partition = t.get("partitionBy") == null
                        ? List.of()
                        : t.get("partitionBy").strings("partitionBy");
                for (String p : partition) {
                    if (!by.contains(p)) {
                        throw t.get("partitionBy")
                                .error(what + ".top.partitionBy '" + p + "' is not one of its" + " group keys " + by);
                    }
                }
                if (partition.size() >= by.size()) {
                    throw t.error(what + ".top: partitionBy must leave at least one group key to rank");
                }
                top = new Top(n, topBy, order.equals("desc"), partition);
            }
            for (String m : measures) {
                if (by.contains(m) || (top != null && m.equals("rank"))) {
                    throw g.error(what + ": measure '" + m + "' has the name of one of its columns; rename it");
                }
            }
            boolean inSummary = g.bool("summary", what, by.isEmpty());
            return new Grouping(name, by, where, measures, top, inSummary, g.line);
        }
    }
}
