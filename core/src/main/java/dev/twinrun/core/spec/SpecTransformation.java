package dev.twinrun.core.spec;

import dev.twinrun.core.HourId;
import dev.twinrun.core.UnusableInputException;
import dev.twinrun.core.agg.ByteDict;
import dev.twinrun.core.agg.DistinctCounter;
import dev.twinrun.core.agg.Hashing;
import dev.twinrun.core.agg.LongTable;
import dev.twinrun.core.csv.Timestamps;
import dev.twinrun.core.spec.JobSpec.Column;
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
        try {
            return name() + "\nsha256:"
                    + java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(spec.source()));
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

    /** Parses and checks every value of a row before any of it touches the aggregate. */
    private static final class Consumer implements RowConsumer {
        private final Plan plan;
        private final Column[] columns;
        private final byte[][][] enumValues;
        private final byte[][][] trueValues;
        private final byte[][][] falseValues;
        private final boolean[][] allowedChars;
        private final RowView v;
        private final long hourStart;
        private final SpecPartial p;
        private final int[] dimIds;
        private final long[] dimStamp;
        private final int[] keyIds = new int[JobSpec.MAX_DIMENSIONS];
        private final int[][] groupKeys;
        private final boolean[] condOk;
        private long rowNo;

        Consumer(Plan plan, int[] index, long hourStart, SpecPartial p) {
            this.plan = plan;
            this.columns = plan.spec.columns().toArray(Column[]::new);
            this.v = new RowView(index, plan.slots);
            this.hourStart = hourStart;
            this.p = p;
            enumValues = new byte[columns.length][][];
            trueValues = new byte[columns.length][][];
            falseValues = new byte[columns.length][][];
            allowedChars = new boolean[columns.length][];
            for (Column c : columns) {
                enumValues[c.slot()] = bytes(c.values());
                trueValues[c.slot()] = bytes(c.trueValues());
                falseValues[c.slot()] = bytes(c.falseValues());
                if (c.chars() != null) {
                    allowedChars[c.slot()] = charSet(c.chars());
                }
            }
            dimIds = new int[plan.dimColumns.length];
            dimStamp = new long[plan.dimColumns.length];
            Arrays.fill(dimStamp, -1);
            groupKeys = new int[plan.groups.length][];
            for (int g = 0; g < plan.groups.length; g++) {
                groupKeys[g] = new int[plan.groups[g].dims().length];
            }
            condOk = new boolean[plan.measureConds.length];
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
            for (Column c : columns) {
                Rejection bad = parse(c, r);
                if (bad != null) {
                    return bad;
                }
            }
            for (Column c : columns) {
                Plan.RCond rw = plan.requiredWhen[c.slot()];
                if (rw != null && !v.present[c.slot()] && rw.test(v)) {
                    return new Rejection("missing_value", c.name() + " is empty, and the spec requires it here");
                }
            }
            for (int i = 0; i < plan.derivedOrder.length; i++) {
                int slot = plan.derivedOrder[i].slot();
                boolean all = true;
                for (int in : plan.derivedInputs[i]) {
                    all &= v.present[in];
                }
                v.present[slot] = false;
                if (!all) {
                    continue;
                }
                try {
                    v.vals[slot] = plan.derivedExpr[i].eval(v);
                } catch (ArithmeticException e) {
                    if ("division by zero".equals(e.getMessage())) {
                        continue; // no value, like an empty input
                    }
                    return new Rejection("out_of_range", plan.derivedOrder[i].name() + " overflows");
                }
                if (Math.abs(v.vals[slot]) >= Values.POW10[plan.derivedOrder[i].precision()]) {
                    return new Rejection(
                            "out_of_range",
                            plan.derivedOrder[i].name() + " has more than " + plan.derivedOrder[i].precision()
                                    + " digits");
                }
                v.present[slot] = true;
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

        private Rejection parse(Column c, Row r) {
            int slot = c.slot();
            int f = v.index[slot];
            if (f < 0 || r.isEmpty(f)) {
                v.present[slot] = false;
                return c.required() ? new Rejection("missing_value", c.name() + " is empty") : null;
            }
            v.present[slot] = true;
            byte[] b = r.array(f);
            int s = r.start(f);
            int e = r.end(f);
            switch (c.type()) {
                case STRING -> {
                    if (c.minLength() > 0 || c.maxLength() != Integer.MAX_VALUE) {
                        int n = 0;
                        for (int i = s; i < e; i++) {
                            if ((b[i] & 0xC0) != 0x80) {
                                n++;
                            }
                        }
                        if (n < c.minLength() || n > c.maxLength()) {
                            return new Rejection(
                                    "invalid_value",
                                    c.name() + " " + quote(r, f) + " is not " + c.minLength() + " to "
                                            + (c.maxLength() == Integer.MAX_VALUE ? "any" : c.maxLength())
                                            + " characters long");
                        }
                    }
                    boolean[] ok = allowedChars[slot];
                    if (ok != null) {
                        for (int i = s; i < e; i++) {
                            if (b[i] < 0 || !ok[b[i]]) {
                                return new Rejection(
                                        "invalid_value",
                                        c.name() + " " + quote(r, f) + " has a character outside [" + c.chars() + "]");
                            }
                        }
                    }
                }
                case ENUM -> {
                    int ord = find(enumValues[slot], b, s, e);
                    if (ord < 0) {
                        return new Rejection(
                                "unknown_value", c.name() + " " + quote(r, f) + " is not one of " + c.values());
                    }
                    v.vals[slot] = ord;
                }
                case BOOLEAN -> {
                    if (find(trueValues[slot], b, s, e) >= 0) {
                        v.vals[slot] = 1;
                    } else if (find(falseValues[slot], b, s, e) >= 0) {
                        v.vals[slot] = 0;
                    } else {
                        return new Rejection(
                                "invalid_boolean",
                                c.name() + " " + quote(r, f) + " is not one of " + c.trueValues() + " or "
                                        + c.falseValues());
                    }
                }
                case INTEGER, DECIMAL -> {
                    long x = Values.decimal(b, s, e, c.precision(), c.scale());
                    if (x == Values.INVALID) {
                        return new Rejection(
                                "unparseable_number",
                                c.name() + " " + quote(r, f) + " is not "
                                        + (c.type() == Type.INTEGER
                                                ? "a whole number of at most 18 digits"
                                                : "a decimal(" + c.precision() + "," + c.scale() + ")"));
                    }
                    if (c.min() != null && x < units(c.min(), c.scale(), true)) {
                        return new Rejection(
                                "out_of_range",
                                c.name() + " " + quote(r, f) + " is less than "
                                        + c.min().toPlainString());
                    }
                    if (c.max() != null && x > units(c.max(), c.scale(), false)) {
                        return new Rejection(
                                "out_of_range",
                                c.name() + " " + quote(r, f) + " is more than "
                                        + c.max().toPlainString());
                    }
                    v.vals[slot] = x;
                }
                case TIMESTAMP -> {
                    long t = timestamp(c, b, s, e);
                    if (t == Values.INVALID) {
                        return new Rejection(
                                "unparseable_timestamp",
                                c.name() + " " + quote(r, f) + " does not match "
                                        + (c.pattern().equals("iso")
                                                ? "an ISO-8601 date-time like 2026-11-26T13:45:00Z"
                                                : "the pattern '" + c.pattern() + "'"));
                    }
                    if (c.withinHour() && (t < hourStart || t >= hourStart + 3600)) {
                        return new Rejection(
                                "outside_hour", c.name() + " " + quote(r, f) + " is outside the hour being processed");
                    }
                    v.vals[slot] = t;
                }
            }
            return null;
        }

        /** A bound at the column's scale, rounded inwards (a min of 0.005 at scale 2 is 0.01). */
        private static long units(BigDecimal bound, int scale, boolean min) {
            return bound.setScale(scale, min ? RoundingMode.CEILING : RoundingMode.FLOOR)
                    .unscaledValue()
                    .longValue();
        }

        private static long timestamp(Column c, byte[] b, int s, int e) {
            switch (c.pattern()) {
                case "iso":
                    return Timestamps.parseEpochSecond(b, s, e, c.zone());
                case "epoch_seconds":
                    return Values.decimal(b, s, e, 18, 0);
                case "epoch_millis":
                    long ms = Values.decimal(b, s, e, 18, 0);
                    return ms == Values.INVALID ? ms : Math.floorDiv(ms, 1000);
                default:
                    try {
                        String text = new String(b, s, e - s, StandardCharsets.UTF_8);
                        return ZonedDateTime.parse(text, c.formatter()).toEpochSecond();
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
            int slot = plan.dimColumns[d];
            int f = v.index[slot];
            ByteDict dict = p.dicts[d];
            int id;
            if (!v.present[slot]) {
                id = dict.id(r.array(0), 0, 0);
            } else if (columns[slot].type() == Type.BOOLEAN) {
                byte[] x = v.vals[slot] == 1 ? TRUE : FALSE;
                id = dict.id(x, 0, x.length);
            } else {
                id = dict.id(r.array(f), r.start(f), r.end(f));
            }
            dimIds[d] = id;
            dimStamp[d] = rowNo;
            return id;
        }

        private void aggregate(Row r) {
            rowNo++;
            RowView v = this.v;
            Plan.RCond[] conds = plan.measureConds;
            int[] enumSlot = plan.enumCondSlot;
            for (int i = 0; i < conds.length; i++) {
                int slot = enumSlot[i];
                if (slot >= 0) {
                    // An empty enum value is in no set: "in" fails, "notIn" holds, as the compiled condition says.
                    condOk[i] = v.present[slot] ? plan.enumCondTable[i][(int) v.vals[slot]] : isNotIn(i);
                } else {
                    condOk[i] = conds[i].test(v);
                }
            }
            for (int g = 0; g < plan.groups.length; g++) {
                GroupPlan gp = plan.groups[g];
                if (gp.where() != null && !gp.where().test(v)) {
                    continue;
                }
                int[] dims = gp.dims();
                long key = 0;
                for (int i = 0; i < dims.length; i++) {
                    key = (key << SpecPartial.ID_BITS) | dimId(dims[i], r);
                }
                int row = p.row(g, key);
                LongTable t = p.tables[g];
                int[] cs = gp.conds();
                for (int ci = 0; ci < cs.length; ci++) {
                    if (cs[ci] < 0 || condOk[cs[ci]]) {
                        apply(gp.byCond()[ci], g, row, t, r);
                    }
                }
            }
        }

        private boolean isNotIn(int cond) {
            return plan.enumCondNegated[cond];
        }

        private void apply(MeasurePlan[] ms, int g, int row, LongTable t, Row r) {
            RowView v = this.v;
            for (MeasurePlan m : ms) {
                int slot = m.slot();
                if (slot >= 0 && !v.present[slot]) {
                    continue;
                }
                switch (m.fn()) {
                    case COUNT -> t.increment(row, m.col());
                    case SUM -> t.add(row, m.col(), v.vals[slot]);
                    case AVERAGE -> {
                        t.increment(row, m.col());
                        t.add(row, m.col() + 1, v.vals[slot]);
                    }
                    case MIN -> Aggregates.extreme(t, row, m.col(), v.vals[slot], true);
                    case MAX -> Aggregates.extreme(t, row, m.col(), v.vals[slot], false);
                    case DISTINCT -> {
                        DistinctCounter dc = p.distincts[g].get(m.distinct()).get(row);
                        if (slot < columns.length
                                && (columns[slot].type() == Type.STRING || columns[slot].type() == Type.ENUM)) {
                            int f = v.index[slot];
                            dc.add(Hashing.hash(r.array(f), r.start(f), r.end(f)));
                        } else {
                            dc.add(Hashing.mix(v.vals[slot]));
                        }
                    }
                    case FORMULA -> {}
                }
            }
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
