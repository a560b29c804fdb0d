package dev.twinrun.core.spec;

import dev.twinrun.core.agg.ByteDict;
import dev.twinrun.core.agg.DistinctCounter;
import dev.twinrun.core.agg.LongTable;
import dev.twinrun.core.spec.Plan.GroupPlan;
import dev.twinrun.core.spec.Plan.MeasurePlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The mergeable aggregate of a spec job over some rows: a dictionary per group-by column, a counter table per
 * group-by set keyed by packed dictionary ids, and distinct-count sets per table row.
 */
public final class SpecPartial {
    static final int ID_BITS = 21;
    static final long ID_MASK = (1L << ID_BITS) - 1;
    private static final int MAGIC = 0x5457534a; // "TWSJ"
    /** Version of {@link #encode()}'s format; bump on any change. */
    static final int FORMAT_VERSION = 1;

    final Plan plan;
    final ByteDict[] dicts;
    final LongTable[] tables;
    /** By group-by set, by distinct measure, by table row. */
    final List<List<DistinctCounter>>[] distincts;
    /** Rows that passed validation but not the spec's filters. */
    long filteredOut;

    @SuppressWarnings("unchecked")
    SpecPartial(Plan plan) {
        this.plan = plan;
        dicts = new ByteDict[plan.dimColumns.length];
        for (int d = 0; d < dicts.length; d++) {
            dicts[d] = new ByteDict(plan.spec.columns().get(plan.dimColumns[d]).name(), JobSpec.MAX_DIMENSION_VALUES);
        }
        tables = new LongTable[plan.groups.length];
        distincts = new List[plan.groups.length];
        for (int g = 0; g < tables.length; g++) {
            tables[g] = new LongTable(plan.groups[g].columns());
            distincts[g] = new ArrayList<>();
            for (int k = 0; k < plan.groups[g].distincts(); k++) {
                distincts[g].add(new ArrayList<>());
            }
        }
    }

    static long pack(int[] ids) {
        long k = 0;
        for (int id : ids) {
            k = (k << ID_BITS) | id;
        }
        return k;
    }

    /** The row of {@code key} in set {@code g}, with its distinct sets created when new. */
    int row(int g, long key) {
        LongTable t = tables[g];
        int before = t.rows();
        int r = t.row(key);
        if (t.rows() != before) {
            for (List<DistinctCounter> d : distincts[g]) {
                d.add(new DistinctCounter());
            }
        }
        return r;
    }

    void mergeFrom(SpecPartial o) {
        int[][] maps = new int[dicts.length][];
        for (int d = 0; d < dicts.length; d++) {
            maps[d] = dicts[d].remap(o.dicts[d]);
        }
        for (int g = 0; g < tables.length; g++) {
            GroupPlan gp = plan.groups[g];
            LongTable ot = o.tables[g];
            LongTable t = tables[g];
            int n = gp.dims().length;
            int[] ids = new int[n];
            for (int r = 0; r < ot.rows(); r++) {
                long k = ot.key(r);
                for (int i = n - 1; i >= 0; i--) {
                    ids[i] = maps[gp.dims()[i]][(int) (k & ID_MASK)];
                    k >>>= ID_BITS;
                }
                int mine = row(g, pack(ids));
                for (MeasurePlan m : gp.measures()) {
                    int c = m.col();
                    switch (m.fn()) {
                        case COUNT, SUM -> t.add(mine, c, ot.get(r, c));
                        case AVERAGE -> {
                            t.add(mine, c, ot.get(r, c));
                            t.add(mine, c + 1, ot.get(r, c + 1));
                        }
                        case MIN, MAX -> {
                            long on = ot.get(r, c);
                            if (on > 0) {
                                Aggregates.extreme(t, mine, c, ot.get(r, c + 1), m.fn() == JobSpec.Fn.MIN);
                                t.add(mine, c, on - 1);
                            }
                        }
                        case DISTINCT ->
                            distincts[g]
                                    .get(m.distinct())
                                    .get(mine)
                                    .mergeFrom(o.distincts[g].get(m.distinct()).get(r));
                        case FORMULA -> {}
                    }
                }
            }
        }
        filteredOut += o.filteredOut;
    }

    /** Magic, format version, the spec's fingerprint, then dictionaries, tables and distinct sets. */
    byte[] encode(long fingerprint) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(fingerprint);
            out.writeLong(filteredOut);
            for (ByteDict d : dicts) {
                out.writeInt(d.size());
                for (int id = 0; id < d.size(); id++) {
                    byte[] v = d.bytes(id);
                    out.writeInt(v.length);
                    out.write(v);
                }
            }
            for (int g = 0; g < tables.length; g++) {
                LongTable t = tables[g];
                out.writeInt(t.rows());
                for (int r = 0; r < t.rows(); r++) {
                    out.writeLong(t.key(r));
                    for (int c = 0; c < t.columns(); c++) {
                        out.writeLong(t.get(r, c));
                    }
                    for (List<DistinctCounter> d : distincts[g]) {
                        d.get(r).write(out);
                    }
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SpecPartial decode(Plan plan, long fingerprint, byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a twinrun job-spec partial (bad magic number)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("job-spec partial format version " + version
                        + " is not supported; this build reads version " + FORMAT_VERSION);
            }
            if (in.readLong() != fingerprint) {
                throw new IllegalArgumentException("the partial was made by another version of job spec '"
                        + plan.spec.name() + "'; rerun the shards with the same spec");
            }
            SpecPartial p = new SpecPartial(plan);
            p.filteredOut = in.readLong();
            for (ByteDict d : p.dicts) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    byte[] v = new byte[in.readInt()];
                    in.readFully(v);
                    if (d.id(v, 0, v.length) != i) {
                        throw new IllegalArgumentException("corrupt partial: duplicate dictionary value");
                    }
                }
            }
            for (int g = 0; g < p.tables.length; g++) {
                LongTable t = p.tables[g];
                int rows = in.readInt();
                for (int r = 0; r < rows; r++) {
                    int row = p.row(g, in.readLong());
                    for (int c = 0; c < t.columns(); c++) {
                        t.add(row, c, in.readLong());
                    }
                    for (List<DistinctCounter> d : p.distincts[g]) {
                        d.get(row).mergeFrom(DistinctCounter.read(in));
                    }
                }
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("corrupt partial: trailing bytes");
            }
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt partial: " + e.getMessage(), e);
        }
    }
}
