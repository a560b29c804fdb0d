package dev.twinrun.core.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.Json;
import dev.twinrun.core.agg.DistinctCounter;
import dev.twinrun.core.agg.LongTable;
import dev.twinrun.core.spec.JobSpec.Fn;
import dev.twinrun.core.spec.JobSpec.Top;
import dev.twinrun.core.spec.Plan.GroupPlan;
import dev.twinrun.core.spec.Plan.MeasurePlan;
import dev.twinrun.core.transform.Accounting;
import dev.twinrun.core.transform.OutputFile;
import dev.twinrun.core.transform.RenderContext;
import dev.twinrun.core.transform.SkippedInput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a merged spec aggregate into the hour's files; the bytes depend only on the aggregate's content. */
final class SpecRenderer {
    static final String SCHEMA = "twinrun.spec.summary";
    static final int SCHEMA_VERSION = 1;

    private final SpecTransformation t;
    private final SpecPartial p;
    private final RenderContext ctx;
    private boolean exact = true;

    SpecRenderer(SpecTransformation t, SpecPartial p, RenderContext ctx) {
        this.t = t;
        this.p = p;
        this.ctx = ctx;
    }

    /** One output row: the key's texts, a rank when ranked, and each measure's value (BigDecimal, String or null). */
    private record Line(List<String> key, Object[] cells) {}

    List<OutputFile> render() {
        Plan plan = p.plan;
        List<List<Line>> all = new ArrayList<>();
        for (int g = 0; g < plan.groups.length; g++) {
            all.add(lines(g));
        }
        List<OutputFile> out = new ArrayList<>();
        out.add(new OutputFile("summary.json", Json.bytes(summary(all))));
        for (int g = 0; g < plan.groups.length; g++) {
            out.add(csv(plan.groups[g], all.get(g)));
        }
        out.add(dataQuality(ctx.accounting()));
        return out;
    }

    private List<Line> lines(int g) {
        GroupPlan gp = p.plan.groups[g];
        LongTable table = p.tables[g];
        int n = gp.dims().length;
        List<Line> lines = new ArrayList<>(table.rows());
        for (int r = 0; r < table.rows(); r++) {
            long k = table.key(r);
            String[] key = new String[n];
            for (int i = n - 1; i >= 0; i--) {
                key[i] = p.dicts[gp.dims()[i]].string((int) (k & SpecPartial.ID_MASK));
                k >>>= SpecPartial.ID_BITS;
            }
            Object[] cells = new Object[gp.measures().length];
            Map<String, BigDecimal> byName = new HashMap<>();
            for (int m = 0; m < cells.length; m++) {
                MeasurePlan mp = gp.measures()[m];
                if (mp.fn() != Fn.FORMULA) {
                    cells[m] = value(mp, table, r, g);
                    byName.put(mp.m().name(), numeric(mp, table, r, cells[m]));
                }
            }
            for (int m = 0; m < cells.length; m++) {
                MeasurePlan mp = gp.measures()[m];
                if (mp.fn() == Fn.FORMULA) {
                    cells[m] = formula(mp.m().name(), gp, byName);
                }
            }
            lines.add(new Line(List.of(key), cells));
        }
        lines.sort(BY_KEY);
        Top top = gp.g().top();
        if (top == null) {
            return lines;
        }
        int by = gp.g().measures().indexOf(top.by());
        List<Integer> part =
                top.partitionBy().stream().map(gp.g().by()::indexOf).toList();
        Comparator<Line> order = (a, b) -> {
            for (int i : part) {
                int c = a.key.get(i).compareTo(b.key.get(i));
                if (c != 0) {
                    return c;
                }
            }
            int c = compareValues(a.cells[by], b.cells[by]);
            if (c != 0) {
                return top.descending() ? -c : c;
            }
            return BY_KEY.compare(a, b);
        };
        lines.sort(order);
        List<Line> ranked = new ArrayList<>();
        List<String> partition = null;
        int rank = 0;
        for (Line l : lines) {
            List<String> pk = part.stream().map(l.key::get).toList();
            if (!pk.equals(partition)) {
                partition = pk;
                rank = 0;
            }
            if (++rank <= top.n()) {
                Object[] cells = new Object[l.cells.length + 1];
                cells[0] = BigDecimal.valueOf(rank);
                System.arraycopy(l.cells, 0, cells, 1, l.cells.length);
                ranked.add(new Line(l.key, cells));
            }
        }
        return ranked;
    }

    /** Null (no value) sorts after every value, whatever the order. */
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        return a.toString().compareTo(b.toString());
    }

    private static final Comparator<Line> BY_KEY = (a, b) -> {
        for (int i = 0; i < a.key.size(); i++) {
            int c = a.key.get(i).compareTo(b.key.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private Object value(MeasurePlan m, LongTable t, int r, int g) {
        int c = m.col();
        switch (m.fn()) {
            case COUNT:
                return BigDecimal.valueOf(t.get(r, c));
            case SUM:
                return BigDecimal.valueOf(t.get(r, c), m.valueScale());
            case AVERAGE: {
                long n = t.get(r, c);
                return n == 0
                        ? null
                        : BigDecimal.valueOf(t.get(r, c + 1), m.valueScale())
                                .divide(BigDecimal.valueOf(n), m.m().scale(), RoundingMode.HALF_EVEN);
            }
            case MIN:
            case MAX: {
                if (t.get(r, c) == 0) {
                    return null;
                }
                long v = t.get(r, c + 1);
                return m.timestamp() ? Instant.ofEpochSecond(v).toString() : BigDecimal.valueOf(v, m.valueScale());
            }
            case DISTINCT: {
                DistinctCounter d = p.distincts[g].get(m.distinct()).get(r);
                exact &= d.isExact();
                return BigDecimal.valueOf(d.count());
            }
            default:
                return null;
        }
    }

    private static BigDecimal numeric(MeasurePlan m, LongTable t, int r, Object cell) {
        if (cell instanceof BigDecimal b) {
            return b;
        }
        if (cell instanceof String) {
            return BigDecimal.valueOf(t.get(r, m.col() + 1)); // a timestamp's epoch seconds
        }
        return null;
    }

    private BigDecimal formula(String name, GroupPlan gp, Map<String, BigDecimal> values) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        JobSpec.Measure m = t.spec().measure(name);
        BigDecimal v = eval(m.formula(), m.scale(), gp, values);
        if (v != null) {
            v = v.setScale(m.scale(), RoundingMode.HALF_EVEN);
        }
        values.put(name, v);
        return v;
    }

    private BigDecimal eval(Expr e, int scale, GroupPlan gp, Map<String, BigDecimal> values) {
        if (e instanceof Expr.Num n) {
            return n.value();
        }
        if (e instanceof Expr.Name n) {
            return formula(n.name(), gp, values);
        }
        if (e instanceof Expr.Neg n) {
            BigDecimal x = eval(n.e(), scale, gp, values);
            return x == null ? null : x.negate();
        }
        Expr.Bin b = (Expr.Bin) e;
        BigDecimal l = eval(b.left(), scale, gp, values);
        BigDecimal r = eval(b.right(), scale, gp, values);
        if (l == null || r == null) {
            return null;
        }
        return switch (b.op()) {
            case '+' -> l.add(r);
            case '-' -> l.subtract(r);
            case '*' -> l.multiply(r);
            default -> r.signum() == 0 ? null : l.divide(r, scale, RoundingMode.HALF_EVEN);
        };
    }

    private static String text(Object cell) {
        if (cell == null) {
            return null;
        }
        return cell instanceof BigDecimal b ? b.toPlainString() : cell.toString();
    }

    private OutputFile csv(GroupPlan gp, List<Line> lines) {
        CsvCells csv = new CsvCells();
        for (String d : gp.g().by()) {
            csv.text(d);
        }
        if (gp.g().top() != null) {
            csv.text("rank");
        }
        for (String m : gp.g().measures()) {
            csv.text(m);
        }
        csv.end();
        for (Line l : lines) {
            for (String k : l.key) {
                csv.text(k);
            }
            for (Object c : l.cells) {
                if (c instanceof String s) {
                    csv.text(s);
                } else {
                    csv.number(text(c));
                }
            }
            csv.end();
        }
        return new OutputFile(gp.g().name() + ".csv", csv.bytes());
    }

    private ObjectNode summary(List<List<Line>> all) {
        Accounting a = ctx.accounting();
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("transformation", t.name());
        root.put("job", t.spec().name());
        root.put("hour", ctx.hour().toString());
        root.put("hourStart", ctx.hour().start().toString());
        root.put("hourEnd", ctx.hour().end().toString());
        ObjectNode acc = root.putObject("accounting");
        acc.put("files", a.files());
        acc.put("bytesRead", a.bytesRead());
        acc.put("rowsRead", a.rowsRead());
        acc.put("rowsAggregated", a.rowsAggregated());
        acc.put("rowsFilteredOut", p.filteredOut);
        acc.put("rowsQuarantined", a.rowsQuarantined());
        acc.put("invariantHolds", a.rowsRead() == a.rowsAggregated() + a.rowsQuarantined());
        ObjectNode groups = root.putObject("groupings");
        Plan plan = p.plan;
        for (int g = 0; g < plan.groups.length; g++) {
            GroupPlan gp = plan.groups[g];
            if (!gp.g().inSummary()) {
                continue;
            }
            ArrayNode rows = groups.putArray(gp.g().name());
            List<String> names = new ArrayList<>();
            if (gp.g().top() != null) {
                names.add("rank");
            }
            names.addAll(gp.g().measures());
            for (Line l : all.get(g)) {
                ObjectNode o = rows.addObject();
                for (int i = 0; i < l.key.size(); i++) {
                    o.put(gp.g().by().get(i), l.key.get(i));
                }
                for (int i = 0; i < l.cells.length; i++) {
                    Object c = l.cells[i];
                    if (c instanceof BigDecimal b && b.scale() == 0) {
                        o.put(names.get(i), b.longValueExact());
                    } else {
                        o.put(names.get(i), text(c));
                    }
                }
            }
        }
        root.put("distinctCounts", exact ? "exact" : "estimated (HyperLogLog, 2^14 registers, ~0.8% error)");
        ObjectNode dq = root.putObject("dataQuality");
        dq.put("rowsQuarantined", a.rowsQuarantined());
        dq.put(
                "quarantineRate",
                a.rowsRead() == 0
                        ? null
                        : BigDecimal.valueOf(a.rowsQuarantined())
                                .divide(BigDecimal.valueOf(a.rowsRead()), 4, RoundingMode.HALF_EVEN)
                                .toPlainString());
        ObjectNode reasons = dq.putObject("byReason");
        a.quarantinedByReason().forEach(reasons::put);
        ArrayNode skipped = dq.putArray("skippedInputs");
        for (SkippedInput s : a.skippedInputs()) {
            skipped.addObject().put("key", s.key()).put("reason", s.reason()).put("detail", s.detail());
        }
        ArrayNode files = root.putArray("files");
        for (GroupPlan gp : plan.groups) {
            files.add(gp.g().name() + ".csv");
        }
        files.add("data_quality.csv");
        return root;
    }

    /**
     * {@code reason, rows, file, detail}: a line per quarantine reason (rows quarantined; no file), then a line per
     * skipped input file (no rows: the file was not read).
     */
    private static OutputFile dataQuality(Accounting a) {
        CsvCells csv = new CsvCells()
                .text("reason")
                .text("rows")
                .text("file")
                .text("detail")
                .end();
        a.quarantinedByReason()
                .forEach((reason, rows) -> csv.text(reason)
                        .number(String.valueOf(rows))
                        .text("")
                        .text("")
                        .end());
        for (SkippedInput s : a.skippedInputs()) {
            csv.text(s.reason()).number("").text(s.key()).text(s.detail()).end();
        }
        return new OutputFile("data_quality.csv", csv.bytes());
    }
}
