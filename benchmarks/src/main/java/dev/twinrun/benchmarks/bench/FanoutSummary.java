package dev.twinrun.benchmarks.bench;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Statistics of the fan-out benchmark, computed from its raw records alone: medians per shard count, speedup ratios
 * against the 1-shard figures, merge time per shard count. Cold and warm are never mixed: {@link #warm} uses only
 * records of warm runtimes, {@link #cold} only the cold ones. Failed records are left out (and counted).
 *
 * @param warm          the speedup series from warm runtimes, one row per shard count, ascending
 * @param cold          the same from the cold pass(es): every runtime's first invocation
 * @param merge         merge time vs shard count (merge series, warm merge runtime), ascending
 * @param failedRecords records left out because they failed
 */
public record FanoutSummary(List<SpeedupRow> warm, List<SpeedupRow> cold, List<MergeRow> merge, int failedRecords) {

    public FanoutSummary {
        warm = List.copyOf(warm);
        cold = List.copyOf(cold);
        merge = List.copyOf(merge);
    }

    /**
     * One shard count of the speedup series (medians over passes; null where no record).
     *
     * @param shards           N, the shards run at the same time
     * @param passes           plan-shards-merge passes measured (end-to-end records)
     * @param shardP50Ms       median REPORT Duration over every shard invocation of every pass
     * @param shardMaxMs       the slowest shard invocation
     * @param initP50Ms        median Init Duration of the shard invocations (cold rows only)
     * @param shardPhaseP50Ms  median wall time from the first shard handed out to the last one answered
     * @param mergeP50Ms       median REPORT Duration of the merge
     * @param endToEndP50Ms    median wall time of plan + shards + merge
     * @param speedup          end-to-end at 1 shard / end-to-end at N (same phase), null without a 1-shard row
     * @param shardPhaseSpeedup shard phase at 1 shard / shard phase at N, null without a 1-shard row
     */
    public record SpeedupRow(
            int shards,
            int passes,
            Double shardP50Ms,
            Double shardMaxMs,
            Double initP50Ms,
            Double shardPhaseP50Ms,
            Double mergeP50Ms,
            Double endToEndP50Ms,
            Double speedup,
            Double shardPhaseSpeedup) {}

    /**
     * One shard count K of the merge series.
     *
     * @param shards         K, the shard results merged
     * @param passes         merges measured
     * @param mergeP50Ms     median REPORT Duration of the merge invocation (reads K results from S3, merges, publishes,
     *                       deletes the results)
     * @param mergeJobP50Ms  median of the merge's own figure (merge + render + publish, without reading the results)
     * @param resultBytesP50 median total size of the K shard results the merge read
     */
    public record MergeRow(int shards, int passes, Double mergeP50Ms, Double mergeJobP50Ms, Long resultBytesP50) {}

    /** The statistics of {@code records}. */
    public static FanoutSummary of(List<FanoutRecord> records) {
        requireNonNull(records, "records");
        List<FanoutRecord> ok = records.stream().filter(r -> !r.failed()).toList();
        int failed = records.size() - ok.size();
        return new FanoutSummary(
                speedupRows(ok, FanoutRecord.WARM), speedupRows(ok, FanoutRecord.COLD), mergeRows(ok), failed);
    }

    private static List<SpeedupRow> speedupRows(List<FanoutRecord> records, String phase) {
        Map<Integer, List<FanoutRecord>> byShards = new TreeMap<>();
        for (FanoutRecord r : records) {
            if (r.series().equals(FanoutRecord.SPEEDUP) && r.phase().equals(phase)) {
                byShards.computeIfAbsent(r.shards(), k -> new ArrayList<>()).add(r);
            }
        }
        List<SpeedupRow> rows = new ArrayList<>();
        for (Map.Entry<Integer, List<FanoutRecord>> e : byShards.entrySet()) {
            List<FanoutRecord> rs = e.getValue();
            List<FanoutRecord> shardRecords = select(rs, FanoutRecord.SHARD);
            rows.add(new SpeedupRow(
                    e.getKey(),
                    select(rs, FanoutRecord.END_TO_END).size(),
                    median(shardRecords, FanoutRecord::durationMs),
                    shardRecords.stream()
                            .mapToDouble(FanoutRecord::durationMs)
                            .boxed()
                            .max(Double::compare)
                            .orElse(null),
                    median(shardRecords.stream().filter(r -> r.initMs() != null).toList(), FanoutRecord::initMs),
                    median(select(rs, FanoutRecord.SHARD_PHASE), FanoutRecord::durationMs),
                    median(select(rs, FanoutRecord.MERGE_STEP), FanoutRecord::durationMs),
                    median(select(rs, FanoutRecord.END_TO_END), FanoutRecord::durationMs),
                    null,
                    null));
        }
        SpeedupRow base = rows.stream().filter(r -> r.shards() == 1).findFirst().orElse(null);
        List<SpeedupRow> out = new ArrayList<>();
        for (SpeedupRow r : rows) {
            out.add(new SpeedupRow(
                    r.shards(),
                    r.passes(),
                    r.shardP50Ms(),
                    r.shardMaxMs(),
                    r.initP50Ms(),
                    r.shardPhaseP50Ms(),
                    r.mergeP50Ms(),
                    r.endToEndP50Ms(),
                    base == null ? null : ratio(base.endToEndP50Ms(), r.endToEndP50Ms()),
                    base == null ? null : ratio(base.shardPhaseP50Ms(), r.shardPhaseP50Ms())));
        }
        return out;
    }

    private static List<MergeRow> mergeRows(List<FanoutRecord> records) {
        Map<Integer, List<FanoutRecord>> byShards = new TreeMap<>();
        for (FanoutRecord r : records) {
            if (r.series().equals(FanoutRecord.MERGE) && r.step().equals(FanoutRecord.MERGE_STEP) && r.warm()) {
                byShards.computeIfAbsent(r.shards(), k -> new ArrayList<>()).add(r);
            }
        }
        List<MergeRow> rows = new ArrayList<>();
        for (Map.Entry<Integer, List<FanoutRecord>> e : byShards.entrySet()) {
            List<FanoutRecord> rs = e.getValue();
            Double bytes =
                    median(rs.stream().filter(r -> r.resultBytes() != null).toList(), r -> r.resultBytes());
            rows.add(new MergeRow(
                    e.getKey(),
                    rs.size(),
                    median(rs, FanoutRecord::durationMs),
                    median(rs.stream().filter(r -> r.jobMs() != null).toList(), r -> r.jobMs()),
                    bytes == null ? null : Math.round(bytes)));
        }
        return rows;
    }

    private static List<FanoutRecord> select(List<FanoutRecord> rs, String step) {
        Predicate<FanoutRecord> p = r -> r.step().equals(step);
        return rs.stream().filter(p).toList();
    }

    private static Double median(List<FanoutRecord> rs, ToDoubleFunction<FanoutRecord> f) {
        return median(rs.stream().mapToDouble(f).sorted().toArray());
    }

    /** The median (mean of the two middle values for an even count); null for no values. */
    static Double median(double[] sorted) {
        if (sorted.length == 0) {
            return null;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static Double ratio(Double base, Double value) {
        if (base == null || value == null || value <= 0) {
            return null;
        }
        return base / value;
    }

    /** The speedup series as a Markdown table. */
    public static String speedupTable(List<SpeedupRow> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| shards | passes | per-shard p50 ms | slowest shard ms | shard init p50 ms | shard phase wall ms "
                + "| merge ms | end-to-end ms | speedup end-to-end | speedup shard phase |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SpeedupRow r : rows) {
            b.append("| ")
                    .append(r.shards())
                    .append(" | ")
                    .append(r.passes())
                    .append(" | ")
                    .append(ms(r.shardP50Ms()))
                    .append(" | ")
                    .append(ms(r.shardMaxMs()))
                    .append(" | ")
                    .append(ms(r.initP50Ms()))
                    .append(" | ")
                    .append(ms(r.shardPhaseP50Ms()))
                    .append(" | ")
                    .append(ms(r.mergeP50Ms()))
                    .append(" | ")
                    .append(ms(r.endToEndP50Ms()))
                    .append(" | ")
                    .append(x(r.speedup()))
                    .append(" | ")
                    .append(x(r.shardPhaseSpeedup()))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** The merge series as a Markdown table. */
    public static String mergeTable(List<MergeRow> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| shards merged | merges | merge invocation p50 ms | merge + publish (handler) p50 ms "
                + "| shard-result bytes read |\n");
        b.append("|---:|---:|---:|---:|---:|\n");
        for (MergeRow r : rows) {
            b.append("| ")
                    .append(r.shards())
                    .append(" | ")
                    .append(r.passes())
                    .append(" | ")
                    .append(ms(r.mergeP50Ms()))
                    .append(" | ")
                    .append(ms(r.mergeJobP50Ms()))
                    .append(" | ")
                    .append(r.resultBytesP50() == null ? "-" : String.format(Locale.ROOT, "%,d", r.resultBytesP50()))
                    .append(" |\n");
        }
        return b.toString();
    }

    static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String x(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2fx", v);
    }

    /** The warm row of {@code shards}, if measured. */
    public SpeedupRow warmRow(int shards) {
        return warm.stream().filter(r -> r.shards() == shards).findFirst().orElse(null);
    }

    /** The merge row of {@code shards}, if measured. */
    public MergeRow mergeRow(int shards) {
        return merge.stream()
                .filter(r -> Objects.equals(r.shards(), shards))
                .findFirst()
                .orElse(null);
    }
}
