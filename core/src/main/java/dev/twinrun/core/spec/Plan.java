package dev.twinrun.core.spec;

import dev.twinrun.core.spec.JobSpec.Column;
import dev.twinrun.core.spec.JobSpec.Cond;
import dev.twinrun.core.spec.JobSpec.Derived;
import dev.twinrun.core.spec.JobSpec.Fn;
import dev.twinrun.core.spec.JobSpec.Grouping;
import dev.twinrun.core.spec.JobSpec.Measure;
import dev.twinrun.core.spec.JobSpec.Type;
import dev.twinrun.core.transform.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A spec compiled for the row loop: slots, evaluators and table layouts, built once per transformation. */
final class Plan {
    final JobSpec spec;
    final int slots;
    /** Derived values in evaluation order (dependencies first). */
    final Derived[] derivedOrder;

    final LExpr[] derivedExpr;
    final int[][] derivedInputs;
    final RCond[] filters;
    final RCond[] requiredWhen; // by column, or null
    /** Column slot of each dimension; a dictionary per dimension. */
    final int[] dimColumns;

    final GroupPlan[] groups;

    /** A compiled row condition. */
    interface RCond {
        boolean test(RowView v);
    }

    /** A compiled row expression over values at known scales; throws ArithmeticException on overflow. */
    interface LExpr {
        long eval(RowView v);
    }

    /** One measure's place in its group-by set's table. */
    record MeasurePlan(
            Measure m, int index, Fn fn, int slot, int valueScale, boolean timestamp, int col, int distinct) {}

    /** A group-by set compiled: its dimension indices, filter, measures and table width. */
    /**
     * A group-by set compiled: its dimension indices, filter, measures and table width; {@code byCond[i]} are the
     * measures (formulas left out) that take a row when condition {@code conds[i]} holds ({@code -1}: always).
     */
    record GroupPlan(
            Grouping g,
            int[] dims,
            RCond where,
            MeasurePlan[] measures,
            int columns,
            int distincts,
            int[] conds,
            MeasurePlan[][] byCond) {}

    /** The distinct conditions of measures ({@code where}), each evaluated once a row. */
    final RCond[] measureConds;
    /**
     * For a condition that is "enum column in values" (most measure conditions), its column's slot and the truth
     * by value position, so the row loop looks it up instead of calling a condition; else slot -1.
     */
    final int[] enumCondSlot;

    final boolean[][] enumCondTable;

    final boolean[] enumCondNegated;

    private final List<String> condKeys = new ArrayList<>();
    private final List<RCond> condList = new ArrayList<>();
    private final List<Cond> condSource = new ArrayList<>();

    /** A text equal for conditions that test the same thing (source lines left out). */
    private static String key(Cond c) {
        if (c instanceof Cond.In in) {
            return "in(" + in.column() + "," + in.values() + "," + in.negated() + ")";
        }
        if (c instanceof Cond.Empty e) {
            return "empty(" + e.column() + "," + e.empty() + ")";
        }
        if (c instanceof Cond.Compare cmp) {
            return "cmp(" + cmp.column() + cmp.op() + cmp.value().toPlainString() + ")";
        }
        if (c instanceof Cond.All a) {
            return "all" + a.of().stream().map(Plan::key).toList();
        }
        if (c instanceof Cond.Any a) {
            return "any" + a.of().stream().map(Plan::key).toList();
        }
        return "not(" + key(((Cond.Not) c).of()) + ")";
    }

    private int condIndex(Cond c) {
        if (c == null) {
            return -1;
        }
        String k = key(c);
        int i = condKeys.indexOf(k);
        if (i < 0) {
            condKeys.add(k);
            condList.add(compile(c));
            condSource.add(c);
            i = condKeys.size() - 1;
        }
        return i;
    }

    Plan(JobSpec spec) {
        this.spec = spec;
        this.slots = spec.columns().size() + spec.derived().size();
        // Topological order of derived values.
        List<Derived> order = new ArrayList<>();
        Map<String, Derived> byName = new HashMap<>();
        spec.derived().forEach(d -> byName.put(d.name(), d));
        for (Derived d : spec.derived()) {
            place(d, byName, order);
        }
        derivedOrder = order.toArray(Derived[]::new);
        derivedExpr = new LExpr[derivedOrder.length];
        derivedInputs = new int[derivedOrder.length][];
        for (int i = 0; i < derivedOrder.length; i++) {
            Derived d = derivedOrder[i];
            Scaled e = compile(d.expr(), d);
            derivedExpr[i] = rescaled(e, d.scale());
            derivedInputs[i] =
                    d.expr().names().stream().mapToInt(spec::slotOf).distinct().toArray();
        }
        filters = spec.filters().stream().map(this::compile).toArray(RCond[]::new);
        requiredWhen = new RCond[spec.columns().size()];
        for (Column c : spec.columns()) {
            if (c.requiredWhen() != null) {
                requiredWhen[c.slot()] = compile(c.requiredWhen());
            }
        }
        List<Integer> dims = new ArrayList<>();
        for (Grouping g : spec.groupings()) {
            for (String b : g.by()) {
                int slot = spec.slotOf(b);
                if (!dims.contains(slot)) {
                    dims.add(slot);
                }
            }
        }
        dimColumns = dims.stream().mapToInt(Integer::intValue).toArray();
        groups = new GroupPlan[spec.groupings().size()];
        for (int gi = 0; gi < groups.length; gi++) {
            Grouping g = spec.groupings().get(gi);
            int[] gd =
                    g.by().stream().mapToInt(b -> dims.indexOf(spec.slotOf(b))).toArray();
            List<MeasurePlan> ms = new ArrayList<>();
            int col = 0;
            int distinct = 0;
            for (String name : g.measures()) {
                Measure m = spec.measure(name);
                int slot = m.of() == null ? -1 : spec.slotOf(m.of());
                int scale = m.of() == null || !spec.numeric(m.of()) ? 0 : spec.scaleOf(m.of());
                Column c = m.of() == null ? null : spec.column(m.of());
                boolean ts = c != null && c.type() == Type.TIMESTAMP;
                int width = switch (m.fn()) {
                    case COUNT, SUM -> 1;
                    case MIN, MAX, AVERAGE -> 2;
                    case DISTINCT, FORMULA -> 0;
                };
                ms.add(new MeasurePlan(
                        m,
                        spec.measures().indexOf(m),
                        m.fn(),
                        slot,
                        scale,
                        ts,
                        col,
                        m.fn() == Fn.DISTINCT ? distinct++ : -1));
                col += width;
            }
            List<Integer> conds = new ArrayList<>();
            List<List<MeasurePlan>> byCond = new ArrayList<>();
            for (MeasurePlan mp : ms) {
                if (mp.fn() == Fn.FORMULA) {
                    continue;
                }
                int ci = condIndex(mp.m().where());
                int at = conds.indexOf(ci);
                if (at < 0) {
                    conds.add(ci);
                    byCond.add(new ArrayList<>());
                    at = conds.size() - 1;
                }
                byCond.get(at).add(mp);
            }
            groups[gi] = new GroupPlan(
                    g,
                    gd,
                    g.where() == null ? null : compile(g.where()),
                    ms.toArray(MeasurePlan[]::new),
                    col,
                    distinct,
                    conds.stream().mapToInt(Integer::intValue).toArray(),
                    byCond.stream().map(l -> l.toArray(MeasurePlan[]::new)).toArray(MeasurePlan[][]::new));
        }
        measureConds = condList.toArray(RCond[]::new);
        enumCondSlot = new int[measureConds.length];
        enumCondTable = new boolean[measureConds.length][];
        enumCondNegated = new boolean[measureConds.length];
        for (int i = 0; i < measureConds.length; i++) {
            enumCondSlot[i] = -1;
            Cond c = condSource.get(i);
            if (c instanceof Cond.In in && spec.column(in.column()).type() == Type.ENUM) {
                Column col = spec.column(in.column());
                boolean[] t = new boolean[col.values().size()];
                for (int k = 0; k < t.length; k++) {
                    t[k] = in.values().contains(col.values().get(k)) != in.negated();
                }
                enumCondSlot[i] = col.slot();
                enumCondNegated[i] = in.negated();
                enumCondTable[i] = t;
            }
        }
    }

    private void place(Derived d, Map<String, Derived> byName, List<Derived> order) {
        if (order.contains(d)) {
            return;
        }
        for (String ref : d.expr().names()) {
            Derived dep = byName.get(ref);
            if (dep != null) {
                place(dep, byName, order);
            }
        }
        order.add(d);
    }

    // ---- expressions ----------------------------------------------------------------------------

    private record Scaled(LExpr e, int scale) {}

    private Scaled compile(Expr e, Derived owner) {
        if (e instanceof Expr.Num n) {
            BigDecimal v = n.value();
            int scale = Math.max(0, v.scale());
            if (scale > JobSpec.MAX_PRECISION) {
                throw new SpecException("spec", owner.line(), "number " + v + " has too many fraction digits");
            }
            long units =
                    v.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
            return new Scaled(x -> units, scale);
        }
        if (e instanceof Expr.Name n) {
            int slot = spec.slotOf(n.name());
            return new Scaled(x -> x.vals[slot], spec.scaleOf(n.name()));
        }
        if (e instanceof Expr.Neg n) {
            Scaled s = compile(n.e(), owner);
            LExpr inner = s.e;
            return new Scaled(x -> Math.negateExact(inner.eval(x)), s.scale);
        }
        Expr.Bin b = (Expr.Bin) e;
        Scaled l = compile(b.left(), owner);
        Scaled r = compile(b.right(), owner);
        switch (b.op()) {
            case '+', '-' -> {
                int scale = Math.max(l.scale, r.scale);
                LExpr le = rescaled(l, scale);
                LExpr re = rescaled(r, scale);
                return b.op() == '+'
                        ? new Scaled(x -> Math.addExact(le.eval(x), re.eval(x)), scale)
                        : new Scaled(x -> Math.subtractExact(le.eval(x), re.eval(x)), scale);
            }
            case '*' -> {
                int scale = l.scale + r.scale;
                if (scale > JobSpec.MAX_PRECISION) {
                    throw new SpecException(
                            "spec",
                            owner.line(),
                            "derived value '" + owner.name() + "' multiplies to more than " + JobSpec.MAX_PRECISION
                                    + " fraction digits");
                }
                LExpr le = l.e;
                LExpr re = r.e;
                return new Scaled(x -> Math.multiplyExact(le.eval(x), re.eval(x)), scale);
            }
            default -> {
                // Division: exact quotient rounded half-even to the owner's scale.
                int scale = owner.scale();
                LExpr le = l.e;
                LExpr re = r.e;
                int ls = l.scale;
                int rs = r.scale;
                return new Scaled(
                        x -> {
                            long den = re.eval(x);
                            if (den == 0) {
                                throw new ArithmeticException("division by zero");
                            }
                            return BigDecimal.valueOf(le.eval(x), ls)
                                    .divide(BigDecimal.valueOf(den, rs), scale, RoundingMode.HALF_EVEN)
                                    .unscaledValue()
                                    .longValueExact();
                        },
                        scale);
            }
        }
    }

    private static LExpr rescaled(Scaled s, int scale) {
        if (s.scale == scale) {
            return s.e;
        }
        LExpr e = s.e;
        int from = s.scale;
        return x -> Values.rescale(e.eval(x), from, scale);
    }

    // ---- conditions -----------------------------------------------------------------------------

    RCond compile(Cond c) {
        if (c instanceof Cond.All a) {
            RCond[] of = a.of().stream().map(this::compile).toArray(RCond[]::new);
            return v -> {
                for (RCond x : of) {
                    if (!x.test(v)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (c instanceof Cond.Any a) {
            RCond[] of = a.of().stream().map(this::compile).toArray(RCond[]::new);
            return v -> {
                for (RCond x : of) {
                    if (x.test(v)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (c instanceof Cond.Not n) {
            RCond of = compile(n.of());
            return v -> !of.test(v);
        }
        if (c instanceof Cond.Empty e) {
            int slot = spec.slotOf(e.column());
            boolean empty = e.empty();
            return v -> v.present[slot] != empty;
        }
        if (c instanceof Cond.In in) {
            Column col = spec.column(in.column());
            int slot = col.slot();
            boolean neg = in.negated();
            if (col.type() == Type.ENUM) {
                boolean[] set = new boolean[col.values().size()];
                for (String s : in.values()) {
                    set[col.values().indexOf(s)] = true;
                }
                return v -> v.present[slot] ? set[(int) v.vals[slot]] != neg : neg;
            }
            byte[][] values = in.values().stream()
                    .map(s -> s.getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
            return v -> {
                if (!v.present[slot]) {
                    return neg;
                }
                int f = v.index[slot];
                byte[] a = v.row.array(f);
                int s = v.row.start(f);
                int e = v.row.end(f);
                for (byte[] x : values) {
                    if (x.length == e - s && Arrays.equals(x, 0, x.length, a, s, e)) {
                        return !neg;
                    }
                }
                return neg;
            };
        }
        Cond.Compare cmp = (Cond.Compare) c;
        int slot = spec.slotOf(cmp.column());
        int scale = spec.scaleOf(cmp.column());
        BigDecimal lit = cmp.value().setScale(scale, RoundingMode.HALF_EVEN);
        long k;
        try {
            k = lit.unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new SpecException("spec", cmp.line(), "number " + cmp.value() + " is out of range");
        }
        return switch (cmp.op()) {
            case "=" -> v -> v.present[slot] && v.vals[slot] == k;
            case "!=" -> v -> v.present[slot] && v.vals[slot] != k;
            case "<" -> v -> v.present[slot] && v.vals[slot] < k;
            case "<=" -> v -> v.present[slot] && v.vals[slot] <= k;
            case ">" -> v -> v.present[slot] && v.vals[slot] > k;
            default -> v -> v.present[slot] && v.vals[slot] >= k;
        };
    }

    /** The values of one row: the row's fields, each slot's parsed value and whether it is present. */
    static final class RowView {
        final int[] index; // field index of each column slot, -1 when the file lacks the optional column
        final long[] vals;
        final boolean[] present;
        Row row;

        RowView(int[] index, int slots) {
            this.index = index;
            this.vals = new long[slots];
            this.present = new boolean[slots];
        }
    }
}
