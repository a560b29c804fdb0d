package dev.twinrun.core.spec;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.agg.ByteDict;
import dev.twinrun.core.agg.DistinctCounter;
import dev.twinrun.core.agg.Hashing;
import dev.twinrun.core.agg.LongTable;
import dev.twinrun.core.csv.Timestamps;
import dev.twinrun.core.spec.JobSpec.Column;
import dev.twinrun.core.spec.JobSpec.Cond;
import dev.twinrun.core.spec.JobSpec.Type;
import dev.twinrun.core.spec.Plan.GroupPlan;
import dev.twinrun.core.spec.Plan.MeasurePlan;
import dev.twinrun.core.spec.Plan.RowView;
import dev.twinrun.core.transform.Header;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.Rejection;
import dev.twinrun.core.transform.RenderContext;
import dev.twinrun.core.transform.Row;
import dev.twinrun.core.transform.RowConsumer;
import dev.twinrun.core.transform.Transformation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A transformation described by a {@link JobSpec}: typed columns, filters, derived values, group-by sets and
 * measures, run on the core's byte parser with dictionary-encoded group keys. See {@code docs/JOBS.md}.
 */
public final class SpecTransformation implements Transformation<SpecPartial> {
    /** The prefix of a spec job's name in manifests and shard results. */
    public static final String NAME_PREFIX = "job:";

    private final JobSpec spec;
    private final Plan plan;
    private final long fingerprint;

    public SpecTransformation(JobSpec spec) {
        this.spec = spec;
        this.plan = new Plan(spec);
        byte[] src = spec.source();
        this.fingerprint = Hashing.hash(src, 0, src.length);
    }

    /** Reads, validates and compiles the spec in {@code file}; fails before any row is read. */
    public static SpecTransformation fromFile(Path file) {
        return new SpecTransformation(JobSpec.read(file));
    }

    public JobSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return NAME_PREFIX + spec.name();
    }

    /** The name and a digest of the spec's bytes: an edited spec under the same name parses its files again. */
    @Override
    public String identity() {
        return name() + "\n" + definition().orElseThrow();
    }

    /** {@code sha256:} and the hex digest of the spec's bytes. */
    @Override
    public java.util.Optional<String> definition() {
        try {
            return java.util.Optional.of("sha256:"
                    + java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(spec.source())));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public SpecPartial newPartial() {
        return new SpecPartial(plan);
    }

    @Override
    public void merge(SpecPartial into, SpecPartial other) {
        into.mergeFrom(other);
    }

    @Override
    public byte[] encode(SpecPartial partial) {
        return partial.encode(fingerprint);
    }

    @Override
    public SpecPartial decode(byte[] bytes) {
        return SpecPartial.decode(plan, fingerprint, bytes);
    }

    @Override
    public List<OutputFile> render(SpecPartial merged, RenderContext context) {
        return new SpecRenderer(this, merged, context).render();
    }

    @Override
    public RowConsumer bind(Header header, HourId hour, SpecPartial partial) throws UnusableInputException {
        int[] index = new int[plan.slots];
        Arrays.fill(index, -1);
        List<String> missing = new ArrayList<>();
        for (Column c : spec.columns()) {
            index[c.slot()] = header.indexOf(c.name());
            if (index[c.slot()] < 0 && !c.optional()) {
                missing.add(c.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new UnusableInputException(
                    header.file(),
                    "missing required column(s) " + missing + " of job spec '" + spec.name() + "'; the header has "
                            + header.columns());
        }
        return new Consumer(plan, index, hour.startEpochSecond(), partial);
    }

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    // How a column is parsed (Consumer.kind): a type, with strings split by whether they have checks.
    private static final int K_STRING = 0;
    private static final int K_STRING_CHECKED = 1;
    private static final int K_ENUM = 2;
    private static final int K_BOOLEAN = 3;
    private static final int K_NUMBER = 4;
    private static final int K_TIMESTAMP = 5;

    // Why a present value was refused (Consumer.refuse).
    private static final int BAD_LENGTH = 0;
    private static final int BAD_CHAR = 1;
    private static final int BAD_ENUM = 2;
    private static final int BAD_BOOLEAN = 3;
    private static final int BAD_NUMBER = 4;
    private static final int BAD_MIN = 5;
    private static final int BAD_MAX = 6;
    private static final int BAD_TIMESTAMP = 7;
    private static final int BAD_HOUR = 8;

    // Measure operations of the row loop (Consumer.ops).
    private static final int OP_COUNT = 0;
    private static final int OP_SUM = 1;
    private static final int OP_AVERAGE = 2;
    private static final int OP_MIN = 3;
    private static final int OP_MAX = 4;
    private static final int OP_DISTINCT_BYTES = 5;
    private static final int OP_DISTINCT_VALUE = 6;

    /**
     * Parses and checks every value of a row before any of it touches the aggregate. The plan is flattened into
     * arrays here (one entry per column, dimension or measure) so the row loop reads primitives, and a rejection's
     * message is built only when a row is refused.
     */
    private static final class Consumer implements RowConsumer {
        private final Plan plan;
        private final Column[] columns;
        private final byte[][][] enumValues;
        private final byte[][][] trueValues;
        private final byte[][][] falseValues;
        private final boolean[][] allowedChars;
        private final RowView v;
        private final int[] field; // by slot: the row's field, -1 when the file lacks the optional column
        private final long[] vals;
        private final boolean[] present;
        private final int[] kind;
        private final boolean[] required;
        private final int[] precision;
        private final int[] scale;
        private final long[] minUnits; // Long.MIN_VALUE: no bound
        private final long[] maxUnits; // Long.MAX_VALUE: no bound
        private final int[] minLength;
        private final int[] maxLength;
        private final boolean[] checkLength;
        private final boolean[] withinHour;
        private final int[] pattern;
        private final int[] parseSlots; // columns whose values are parsed or checked, in column order
        private final int[] requiredWhenSlots;
        private final Plan.RCond[] requiredWhen;
        private final long hourStart;
        private final SpecPartial p;
        // Dimensions: the column slot, the field, whether a boolean; the id found for this row and its row number.
        private final int[] dimSlot;
        private final int[] dimField;
        private final boolean[] dimBoolean;
        private final ByteDict[] dicts;
        private final int[] dimIds;
        private final long[] dimStamp;
        // A distinct count's hash by slot, computed once a row.
        private final long[] hashes;
        private final long[] hashStamp;
        // Groups: dimensions, filter, the row when there are no dimensions, and measures by condition.
        private final int[][] groupDims;
        private final Plan.RCond[] groupWhere;
        private final boolean[] groupHasDistinct;
        private final int[] fixedRow;
        private final LongTable[] tables;
        private final int[][] groupConds;
        private final int[][][] ops; // by group, by condition: {op, table column, slot, distinct index} per measure
        private final boolean[] condOk;
        /**
         * When every measure condition and set filter tests one enum column (or there are none), a row's class is
         * that column's value position ({@code classes - 1}: empty), and {@code programs[g][class]} are the
         * operations set {@code g} applies to a row of that class (null: the set's filter drops it). Else -2, and
         * conditions are evaluated row by row.
         */
        private final int classSlot;

        private final int classes;
        private final int[][][] programs;
        private long rowNo;

        Consumer(Plan plan, int[] index, long hourStart, SpecPartial p) {
            this.plan = plan;
            this.columns = plan.spec.columns().toArray(Column[]::new);
            this.v = new RowView(index, plan.slots);
            this.field = index;
            this.vals = v.vals;
            this.present = v.present;
            this.hourStart = hourStart;
            this.p = p;
            int n = columns.length;
            enumValues = new byte[n][][];
            trueValues = new byte[n][][];
            falseValues = new byte[n][][];
            allowedChars = new boolean[n][];
            kind = new int[n];
            required = new boolean[n];
            precision = new int[n];
            scale = new int[n];
            minUnits = new long[n];
            maxUnits = new long[n];
            minLength = new int[n];
            maxLength = new int[n];
            checkLength = new boolean[n];
            withinHour = new boolean[n];
            pattern = new int[n];
            List<Integer> rw = new ArrayList<>();
            for (Column c : columns) {
                int s = c.slot();
                enumValues[s] = bytes(c.values());
                trueValues[s] = bytes(c.trueValues());
                falseValues[s] = bytes(c.falseValues());
                if (c.chars() != null) {
                    allowedChars[s] = charSet(c.chars());
                }
                required[s] = c.required();
                precision[s] = c.precision();
                scale[s] = c.scale();
                minUnits[s] = c.min() == null ? Long.MIN_VALUE : units(c.min(), c.scale(), true);
                maxUnits[s] = c.max() == null ? Long.MAX_VALUE : units(c.max(), c.scale(), false);
                minLength[s] = c.minLength();
                maxLength[s] = c.maxLength();
                checkLength[s] = c.minLength() > 0 || c.maxLength() != Integer.MAX_VALUE;
                withinHour[s] = c.withinHour();
                pattern[s] = patternKind(c);
                kind[s] = switch (c.type()) {
                    case STRING -> checkLength[s] || allowedChars[s] != null ? K_STRING_CHECKED : K_STRING;
                    case ENUM -> K_ENUM;
                    case BOOLEAN -> K_BOOLEAN;
                    case INTEGER, DECIMAL -> K_NUMBER;
                    case TIMESTAMP -> K_TIMESTAMP;
                };
                if (plan.requiredWhen[s] != null) {
                    rw.add(s);
                }
            }
            parseSlots = IntStream.range(0, n).filter(s -> kind[s] != K_STRING).toArray();
            requiredWhenSlots = rw.stream().mapToInt(Integer::intValue).toArray();
            requiredWhen = new Plan.RCond[requiredWhenSlots.length];
            for (int i = 0; i < requiredWhenSlots.length; i++) {
                requiredWhen[i] = plan.requiredWhen[requiredWhenSlots[i]];
            }
            int dims = plan.dimColumns.length;
            dimSlot = plan.dimColumns.clone();
            dimField = new int[dims];
            dimBoolean = new boolean[dims];
            for (int d = 0; d < dims; d++) {
                dimField[d] = index[dimSlot[d]];
                dimBoolean[d] = columns[dimSlot[d]].type() == Type.BOOLEAN;
            }
            dicts = p.dicts;
            dimIds = new int[dims];
            dimStamp = new long[dims];
            Arrays.fill(dimStamp, -1);
            hashes = new long[plan.slots];
            hashStamp = new long[plan.slots];
            Arrays.fill(hashStamp, -1);
            int groups = plan.groups.length;
            groupDims = new int[groups][];
            groupWhere = new Plan.RCond[groups];
            groupHasDistinct = new boolean[groups];
            fixedRow = new int[groups];
            Arrays.fill(fixedRow, -1);
            tables = p.tables;
            groupConds = new int[groups][];
            ops = new int[groups][][];
            for (int g = 0; g < groups; g++) {
                GroupPlan gp = plan.groups[g];
                groupDims[g] = gp.dims();
                groupWhere[g] = gp.where();
                groupHasDistinct[g] = gp.distincts() > 0;
                groupConds[g] = gp.conds();
                ops[g] = new int[gp.byCond().length][];
                for (int ci = 0; ci < gp.byCond().length; ci++) {
                    MeasurePlan[] ms = gp.byCond()[ci];
                    int[] o = new int[ms.length * 4];
                    for (int k = 0; k < ms.length; k++) {
                        MeasurePlan m = ms[k];
                        int slot = m.slot();
                        o[4 * k] = switch (m.fn()) {
                            case COUNT -> OP_COUNT;
                            case SUM -> OP_SUM;
                            case AVERAGE -> OP_AVERAGE;
                            case MIN -> OP_MIN;
                            case MAX -> OP_MAX;
                            case DISTINCT ->
                                slot < columns.length
                                                && (columns[slot].type() == Type.STRING
                                                        || columns[slot].type() == Type.ENUM)
                                        ? OP_DISTINCT_BYTES
                                        : OP_DISTINCT_VALUE;
                            case FORMULA -> throw new IllegalStateException("formulas take no rows");
                        };
                        o[4 * k + 1] = m.col();
                        o[4 * k + 2] = slot;
                        o[4 * k + 3] = m.distinct();
                    }
                    ops[g][ci] = o;
                }
            }
            condOk = new boolean[plan.measureConds.length];
            int cls = classColumn(plan);
            classSlot = cls;
            classes = cls >= 0 ? columns[cls].values().size() + 1 : 1;
            programs = cls == -2 ? null : new int[groups][classes][];
            for (int g = 0; programs != null && g < groups; g++) {
                Cond where = plan.groups[g].g().where();
                for (int c = 0; c < classes; c++) {
                    if (where != null && !inClass((Cond.In) where, c)) {
                        continue;
                    }
                    int[] cs = groupConds[g];
                    int[] prog = new int[0];
                    for (int ci = 0; ci < cs.length; ci++) {
                        if (cs[ci] < 0 || condInClass(cs[ci], c)) {
                            int[] o = ops[g][ci];
                            int at = prog.length;
                            prog = Arrays.copyOf(prog, at + o.length);
                            System.arraycopy(o, 0, prog, at, o.length);
                        }
                    }
                    programs[g][c] = prog;
                }
            }
        }

        /**
         * The slot of the one enum column all measure conditions and set filters test ("in" or "notIn"), -1 when
         * there are none, -2 when they test more than that.
         */
        private static int classColumn(Plan plan) {
            int slot = -1;
            for (int i = 0; i < plan.measureConds.length; i++) {
                int s = plan.enumCondSlot[i];
                if (s < 0 || (slot >= 0 && s != slot)) {
                    return -2;
                }
                slot = s;
            }
            for (GroupPlan gp : plan.groups) {
                Cond w = gp.g().where();
                if (w == null) {
                    continue;
                }
                if (!(w instanceof Cond.In in) || plan.spec.column(in.column()).type() != Type.ENUM) {
                    return -2;
                }
                int s = plan.spec.column(in.column()).slot();
                if (slot >= 0 && s != slot) {
                    return -2;
                }
                slot = s;
            }
            return slot;
        }

        /** Whether measure condition {@code cond} holds for a row of class {@code c}. */
        private boolean condInClass(int cond, int c) {
            return c == classes - 1 ? plan.enumCondNegated[cond] : plan.enumCondTable[cond][c];
        }

        /** Whether a set filter holds for a row of class {@code c}; an empty value is in no set, as the compiled one. */
        private boolean inClass(Cond.In in, int c) {
            if (c == classes - 1) {
                return in.negated();
            }
            return in.values().contains(columns[classSlot].values().get(c)) != in.negated();
        }

        private static byte[][] bytes(List<String> values) {
            return values.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        }

        private static boolean[] charSet(String spec) {
            boolean[] ok = new boolean[128];
            for (int i = 0; i < spec.length(); i++) {
                char a = spec.charAt(i);
                char b = a;
                if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                    b = spec.charAt(i + 2);
                    i += 2;
                }
                for (char c = a; c <= b && c < 128; c++) {
                    ok[c] = true;
                }
            }
            return ok;
        }

        @Override
        public Rejection accept(Row r) {
            RowView v = this.v;
            v.row = r;
            boolean[] present = this.present;
            int[] field = this.field;
            for (int slot = 0; slot < columns.length; slot++) {
                int f = field[slot];
                boolean has = f >= 0 && !r.isEmpty(f);
                present[slot] = has;
                if (!has && required[slot]) {
                    return missing(slot, r);
                }
            }
            int[] ps = parseSlots;
            for (int i = 0; i < ps.length; i++) {
                int slot = ps[i];
                if (present[slot]) {
                    int f = field[slot];
                    int bad = parse(slot, r.array(f), r.start(f), r.end(f));
                    if (bad >= 0) {
                        return refuse(slot, r, f, bad);
                    }
                }
            }
            int[] rws = requiredWhenSlots;
            for (int i = 0; i < rws.length; i++) {
                int slot = rws[i];
                if (!present[slot] && requiredWhen[i].test(v)) {
                    return new Rejection(
                            "missing_value", columns[slot].name() + " is empty, and the spec requires it here");
                }
            }
            if (plan.derivedOrder.length > 0) {
                Rejection bad = derive();
                if (bad != null) {
                    return bad;
                }
            }
            for (Plan.RCond f : plan.filters) {
                if (!f.test(v)) {
                    p.filteredOut++;
                    return null;
                }
            }
            aggregate(r);
            return null;
        }

        /**
         * The rejection of a row whose required column {@code slot} is empty, or of the first value before it that
         * does not parse: columns are checked in order, each for presence and then for its value.
         */
        private Rejection missing(int slot, Row r) {
            for (int s : parseSlots) {
                if (s >= slot) {
                    break;
                }
                if (present[s]) {
                    int f = field[s];
                    int bad = parse(s, r.array(f), r.start(f), r.end(f));
                    if (bad >= 0) {
                        return refuse(s, r, f, bad);
                    }
                }
            }
            return new Rejection("missing_value", columns[slot].name() + " is empty");
        }

        /** Parses the present value of {@code slot} into {@link #vals}; a BAD_ code when it is refused, else -1. */
        private int parse(int slot, byte[] b, int s, int e) {
            switch (kind[slot]) {
                case K_STRING:
                    return -1;
                case K_STRING_CHECKED:
                    return checkString(slot, b, s, e);
                case K_ENUM: {
                    int ord = find(enumValues[slot], b, s, e);
                    if (ord < 0) {
                        return BAD_ENUM;
                    }
                    vals[slot] = ord;
                    return -1;
                }
                case K_BOOLEAN:
                    if (find(trueValues[slot], b, s, e) >= 0) {
                        vals[slot] = 1;
                    } else if (find(falseValues[slot], b, s, e) >= 0) {
                        vals[slot] = 0;
                    } else {
                        return BAD_BOOLEAN;
                    }
                    return -1;
                case K_NUMBER: {
                    long x = Values.decimal(b, s, e, precision[slot], scale[slot]);
                    if (x == Values.INVALID) {
                        return BAD_NUMBER;
                    }
                    if (x < minUnits[slot]) {
                        return BAD_MIN;
                    }
                    if (x > maxUnits[slot]) {
                        return BAD_MAX;
                    }
                    vals[slot] = x;
                    return -1;
                }
                default: {
                    long t = timestamp(slot, b, s, e);
                    if (t == Values.INVALID) {
                        return BAD_TIMESTAMP;
                    }
                    if (withinHour[slot] && (t < hourStart || t >= hourStart + 3600)) {
                        return BAD_HOUR;
                    }
                    vals[slot] = t;
                    return -1;
                }
            }
        }

        private int checkString(int slot, byte[] b, int s, int e) {
            if (checkLength[slot]) {
                int n = 0;
                for (int i = s; i < e; i++) {
                    if ((b[i] & 0xC0) != 0x80) {
                        n++;
                    }
                }
                if (n < minLength[slot] || n > maxLength[slot]) {
                    return BAD_LENGTH;
                }
            }
            boolean[] ok = allowedChars[slot];
            if (ok != null) {
                for (int i = s; i < e; i++) {
                    if (b[i] < 0 || !ok[b[i]]) {
                        return BAD_CHAR;
                    }
                }
            }
            return -1;
        }

        /** The rejection of a row whose value in {@code slot} (field {@code f}) was refused for {@code why}. */
        private Rejection refuse(int slot, Row r, int f, int why) {
            Column c = columns[slot];
            return switch (why) {
                case BAD_LENGTH ->
                    new Rejection(
                            "invalid_value",
                            c.name() + " " + quote(r, f) + " is not " + c.minLength() + " to "
                                    + (c.maxLength() == Integer.MAX_VALUE ? "any" : c.maxLength())
                                    + " characters long");
                case BAD_CHAR ->
                    new Rejection(
                            "invalid_value",
                            c.name() + " " + quote(r, f) + " has a character outside [" + c.chars() + "]");
                case BAD_ENUM ->
                    new Rejection("unknown_value", c.name() + " " + quote(r, f) + " is not one of " + c.values());
                case BAD_BOOLEAN ->
                    new Rejection(
                            "invalid_boolean",
                            c.name() + " " + quote(r, f) + " is not one of " + c.trueValues() + " or "
                                    + c.falseValues());
                case BAD_NUMBER ->
                    new Rejection(
                            "unparseable_number",
                            c.name() + " " + quote(r, f) + " is not "
                                    + (c.type() == Type.INTEGER
                                            ? "a whole number of at most 18 digits"
                                            : "a decimal(" + c.precision() + "," + c.scale() + ")"));
                case BAD_MIN ->
                    new Rejection(
                            "out_of_range",
                            c.name() + " " + quote(r, f) + " is less than "
                                    + c.min().toPlainString());
                case BAD_MAX ->
                    new Rejection(
                            "out_of_range",
                            c.name() + " " + quote(r, f) + " is more than "
                                    + c.max().toPlainString());
                case BAD_TIMESTAMP ->
                    new Rejection(
                            "unparseable_timestamp",
                            c.name() + " " + quote(r, f) + " does not match "
                                    + (c.pattern().equals("iso")
                                            ? "an ISO-8601 date-time like 2026-11-26T13:45:00Z"
                                            : "the pattern '" + c.pattern() + "'"));
                default ->
                    new Rejection(
                            "outside_hour", c.name() + " " + quote(r, f) + " is outside the hour being processed");
            };
        }

        /** Computes the derived values in order; a rejection when one overflows its precision. */
        private Rejection derive() {
            RowView v = this.v;
            for (int i = 0; i < plan.derivedOrder.length; i++) {
                int slot = plan.derivedOrder[i].slot();
                boolean all = true;
                for (int in : plan.derivedInputs[i]) {
                    all &= present[in];
                }
                present[slot] = false;
                if (!all) {
                    continue;
                }
                try {
                    vals[slot] = plan.derivedExpr[i].eval(v);
                } catch (ArithmeticException e) {
                    if ("division by zero".equals(e.getMessage())) {
                        continue; // no value, like an empty input
                    }
                    return new Rejection("out_of_range", plan.derivedOrder[i].name() + " overflows");
                }
                if (Math.abs(vals[slot]) >= Values.POW10[plan.derivedOrder[i].precision()]) {
                    return new Rejection(
                            "out_of_range",
                            plan.derivedOrder[i].name() + " has more than " + plan.derivedOrder[i].precision()
                                    + " digits");
                }
                present[slot] = true;
            }
            return null;
        }

        /** A bound at the column's scale, rounded inwards (a min of 0.005 at scale 2 is 0.01). */
        private static long units(BigDecimal bound, int scale, boolean min) {
            return bound.setScale(scale, min ? RoundingMode.CEILING : RoundingMode.FLOOR)
                    .unscaledValue()
                    .longValue();
        }

        // How a timestamp column is read (Consumer.pattern).
        private static final int P_ISO = 0;
        private static final int P_EPOCH_SECONDS = 1;
        private static final int P_EPOCH_MILLIS = 2;
        private static final int P_FORMATTER = 3;

        private static int patternKind(Column c) {
            if (c.type() != Type.TIMESTAMP) {
                return -1;
            }
            return switch (c.pattern()) {
                case "iso" -> P_ISO;
                case "epoch_seconds" -> P_EPOCH_SECONDS;
                case "epoch_millis" -> P_EPOCH_MILLIS;
                default -> P_FORMATTER;
            };
        }

        private long timestamp(int slot, byte[] b, int s, int e) {
            switch (pattern[slot]) {
                case P_ISO:
                    return Timestamps.parseEpochSecond(b, s, e, columns[slot].zone());
                case P_EPOCH_SECONDS:
                    return Values.decimal(b, s, e, 18, 0);
                case P_EPOCH_MILLIS:
                    long ms = Values.decimal(b, s, e, 18, 0);
                    return ms == Values.INVALID ? ms : Math.floorDiv(ms, 1000);
                default:
                    try {
                        String text = new String(b, s, e - s, StandardCharsets.UTF_8);
                        return ZonedDateTime.parse(text, columns[slot].formatter())
                                .toEpochSecond();
                    } catch (DateTimeParseException ex) {
                        return Values.INVALID;
                    }
            }
        }

        private static int find(byte[][] values, byte[] b, int s, int e) {
            int len = e - s;
            for (int i = 0; i < values.length; i++) {
                byte[] x = values[i];
                if (x.length == len && Arrays.equals(x, 0, len, b, s, e)) {
                    return i;
                }
            }
            return -1;
        }

        private int dimId(int d, Row r) {
            if (dimStamp[d] == rowNo) {
                return dimIds[d];
            }
            int id;
            int f = dimField[d];
            if (!present[dimSlot[d]]) {
                id = dicts[d].id(TRUE, 0, 0);
            } else if (dimBoolean[d]) {
                byte[] x = vals[dimSlot[d]] == 1 ? TRUE : FALSE;
                id = dicts[d].id(x, 0, x.length);
            } else {
                id = dicts[d].id(r.array(f), r.start(f), r.end(f));
            }
            dimIds[d] = id;
            dimStamp[d] = rowNo;
            return id;
        }

        private void aggregate(Row r) {
            rowNo++;
            if (programs == null) {
                aggregateByConditions(r);
                return;
            }
            int c = classSlot < 0 ? 0 : present[classSlot] ? (int) vals[classSlot] : classes - 1;
            int[][][] programs = this.programs;
            for (int g = 0; g < programs.length; g++) {
                int[] prog = programs[g][c];
                if (prog != null) {
                    int row = row(g, r);
                    if (prog.length > 0) {
                        apply(prog, g, row, tables[g], r);
                    }
                }
            }
        }

        /** The general row loop: each measure condition evaluated, then each set's filter and measures. */
        private void aggregateByConditions(Row r) {
            RowView v = this.v;
            Plan.RCond[] conds = plan.measureConds;
            int[] enumSlot = plan.enumCondSlot;
            boolean[] condOk = this.condOk;
            for (int i = 0; i < conds.length; i++) {
                int slot = enumSlot[i];
                if (slot >= 0) {
                    // An empty enum value is in no set: "in" fails, "notIn" holds, as the compiled condition says.
                    condOk[i] = present[slot] ? plan.enumCondTable[i][(int) vals[slot]] : plan.enumCondNegated[i];
                } else {
                    condOk[i] = conds[i].test(v);
                }
            }
            for (int g = 0; g < groupDims.length; g++) {
                Plan.RCond where = groupWhere[g];
                if (where != null && !where.test(v)) {
                    continue;
                }
                int row = row(g, r);
                LongTable t = tables[g];
                int[] cs = groupConds[g];
                int[][] gops = ops[g];
                for (int ci = 0; ci < cs.length; ci++) {
                    if (cs[ci] < 0 || condOk[cs[ci]]) {
                        apply(gops[ci], g, row, t, r);
                    }
                }
            }
        }

        /** The table row of this row's key in set {@code g}. */
        private int row(int g, Row r) {
            int row = fixedRow[g];
            if (row >= 0) {
                return row;
            }
            int[] dims = groupDims[g];
            long key = 0;
            for (int i = 0; i < dims.length; i++) {
                key = (key << SpecPartial.ID_BITS) | dimId(dims[i], r);
            }
            row = groupHasDistinct[g] ? p.row(g, key) : tables[g].row(key);
            if (dims.length == 0) {
                fixedRow[g] = row; // one row, the same every time
            }
            return row;
        }

        private void apply(int[] o, int g, int row, LongTable t, Row r) {
            boolean[] present = this.present;
            long[] vals = this.vals;
            for (int k = 0; k < o.length; k += 4) {
                int col = o[k + 1];
                int slot = o[k + 2];
                if (slot >= 0 && !present[slot]) {
                    continue;
                }
                switch (o[k]) {
                    case OP_COUNT -> t.increment(row, col);
                    case OP_SUM -> t.add(row, col, vals[slot]);
                    case OP_AVERAGE -> {
                        t.increment(row, col);
                        t.add(row, col + 1, vals[slot]);
                    }
                    case OP_MIN -> Aggregates.extreme(t, row, col, vals[slot], true);
                    case OP_MAX -> Aggregates.extreme(t, row, col, vals[slot], false);
                    case OP_DISTINCT_BYTES -> distinct(g, o[k + 3], row).add(bytesHash(slot, r));
                    default -> distinct(g, o[k + 3], row).add(Hashing.mix(vals[slot]));
                }
            }
        }

        private DistinctCounter distinct(int g, int which, int row) {
            return p.distincts[g].get(which).get(row);
        }

        /** The hash of the value in {@code slot}'s field, computed once a row however many counts take it. */
        private long bytesHash(int slot, Row r) {
            if (hashStamp[slot] == rowNo) {
                return hashes[slot];
            }
            int f = field[slot];
            long h = Hashing.hash(r.array(f), r.start(f), r.end(f));
            hashes[slot] = h;
            hashStamp[slot] = rowNo;
            return h;
        }

        private static String quote(Row r, int i) {
            String s = r.text(i);
            if (s.length() > 60) {
                s = s.substring(0, 60) + "...";
            }
            return "'" + s + "'";
        }
    }
}
