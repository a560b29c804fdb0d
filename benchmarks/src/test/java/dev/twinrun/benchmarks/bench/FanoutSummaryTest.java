package dev.twinrun.benchmarks.bench;

import static dev.twinrun.benchmarks.bench.FanoutRecord.COLD;
import static dev.twinrun.benchmarks.bench.FanoutRecord.END_TO_END;
import static dev.twinrun.benchmarks.bench.FanoutRecord.MERGE;
import static dev.twinrun.benchmarks.bench.FanoutRecord.MERGE_STEP;
import static dev.twinrun.benchmarks.bench.FanoutRecord.SHARD;
import static dev.twinrun.benchmarks.bench.FanoutRecord.SHARD_PHASE;
import static dev.twinrun.benchmarks.bench.FanoutRecord.SPEEDUP;
import static dev.twinrun.benchmarks.bench.FanoutRecord.WARM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known records in, known medians and ratios out. */
class FanoutSummaryTest {

    private static FanoutRecord shard(
            String series, int n, int rep, String phase, int index, double ms, Double initMs) {
        return new FanoutRecord(
                series, n, rep, phase, SHARD, index, ms, initMs, null, 200L, 1000L, 10L, null, false, null);
    }

    private static FanoutRecord merge(String series, int n, int rep, double ms, Long jobMs, Long resultBytes) {
        return new FanoutRecord(
                series, n, rep, WARM, MERGE_STEP, null, ms, null, null, 200L, 1000L, resultBytes, jobMs, false, null);
    }

    private static FanoutRecord span(int n, int rep, String phase, String step, double ms) {
        return FanoutRecord.span(SPEEDUP, n, rep, phase, step, ms, false);
    }

    /** Warm passes: N=1 end-to-end 1000, 1200, 1100 and shard phase 900, 950, 800; N=2 600, 500, 700 and 450, 400, 500. */
    private static List<FanoutRecord> speedupRecords() {
        List<FanoutRecord> r = new ArrayList<>();
        double[] e1 = {1000, 1200, 1100};
        double[] p1 = {900, 950, 800};
        double[] e2 = {600, 500, 700};
        double[] p2 = {450, 400, 500};
        for (int rep = 1; rep <= 3; rep++) {
            r.add(shard(SPEEDUP, 1, rep, WARM, 0, p1[rep - 1] - 10, null));
            r.add(merge(SPEEDUP, 1, rep, 50 + rep, 40L, 1000L));
            r.add(span(1, rep, WARM, SHARD_PHASE, p1[rep - 1]));
            r.add(span(1, rep, WARM, END_TO_END, e1[rep - 1]));
            r.add(shard(SPEEDUP, 2, rep, WARM, 0, 400 + rep, null));
            r.add(shard(SPEEDUP, 2, rep, WARM, 1, 440 + rep, null));
            r.add(merge(SPEEDUP, 2, rep, 60, 45L, 2000L));
            r.add(span(2, rep, WARM, SHARD_PHASE, p2[rep - 1]));
            r.add(span(2, rep, WARM, END_TO_END, e2[rep - 1]));
        }
        // The throw-away cold pass at N=2: far slower, must not move the warm figures.
        r.add(shard(SPEEDUP, 2, 0, COLD, 0, 5000, 1500.0));
        r.add(shard(SPEEDUP, 2, 0, COLD, 1, 7000, 2500.0));
        r.add(span(2, 0, COLD, SHARD_PHASE, 9000));
        r.add(span(2, 0, COLD, END_TO_END, 12000));
        return r;
    }

    @Test
    void speedupIsTheOneShardMedianOverTheNShardMedian() {
        FanoutSummary s = FanoutSummary.of(speedupRecords());

        assertThat(s.warm()).extracting(FanoutSummary.SpeedupRow::shards).containsExactly(1, 2);
        FanoutSummary.SpeedupRow one = s.warmRow(1);
        FanoutSummary.SpeedupRow two = s.warmRow(2);
        assertThat(one.endToEndP50Ms()).isEqualTo(1100.0);
        assertThat(two.endToEndP50Ms()).isEqualTo(600.0);
        assertThat(one.speedup()).isEqualTo(1.0);
        assertThat(two.speedup()).isCloseTo(1100.0 / 600.0, within(1e-9));
        assertThat(one.shardPhaseP50Ms()).isEqualTo(900.0);
        assertThat(two.shardPhaseP50Ms()).isEqualTo(450.0);
        assertThat(two.shardPhaseSpeedup()).isCloseTo(2.0, within(1e-9));
        assertThat(two.passes()).isEqualTo(3);
        // Shard durations 401, 402, 403, 441, 442, 443: median of six = (403 + 441) / 2.
        assertThat(two.shardP50Ms()).isEqualTo(422.0);
        assertThat(two.shardMaxMs()).isEqualTo(443.0);
        assertThat(two.initP50Ms()).as("warm rows have no init").isNull();
        assertThat(one.mergeP50Ms()).isEqualTo(52.0);
    }

    @Test
    void coldRecordsFormTheirOwnRowsAndNeverMixWithWarmOnes() {
        FanoutSummary s = FanoutSummary.of(speedupRecords());

        assertThat(s.cold()).hasSize(1);
        FanoutSummary.SpeedupRow cold = s.cold().get(0);
        assertThat(cold.shards()).isEqualTo(2);
        assertThat(cold.endToEndP50Ms()).isEqualTo(12000.0);
        assertThat(cold.initP50Ms()).isEqualTo(2000.0);
        assertThat(cold.speedup()).as("no cold 1-shard pass to compare with").isNull();
        assertThat(s.warmRow(2).shardMaxMs()).isLessThan(5000.0);
    }

    @Test
    void failedRecordsAreLeftOutAndCounted() {
        List<FanoutRecord> r = new ArrayList<>(speedupRecords());
        r.add(new FanoutRecord(
                SPEEDUP, 2, 4, WARM, END_TO_END, null, 1.0, null, null, null, null, null, null, true, "merge failed"));
        FanoutSummary s = FanoutSummary.of(r);

        assertThat(s.failedRecords()).isEqualTo(1);
        assertThat(s.warmRow(2).endToEndP50Ms()).isEqualTo(600.0);
        assertThat(s.warmRow(2).passes()).isEqualTo(3);
    }

    @Test
    void withoutAOneShardRowThereIsNoSpeedup() {
        List<FanoutRecord> r =
                speedupRecords().stream().filter(x -> x.shards() != 1).toList();
        FanoutSummary s = FanoutSummary.of(r);

        assertThat(s.warmRow(2).speedup()).isNull();
        assertThat(s.warmRow(2).shardPhaseSpeedup()).isNull();
        assertThat(FanoutSummary.speedupTable(s.warm()))
                .contains("| 2 | 3 | 422 |")
                .contains("| - | - |");
    }

    @Test
    void mergeSeriesGivesMedianMergeTimeAndResultBytesPerShardCount() {
        List<FanoutRecord> r = new ArrayList<>(speedupRecords());
        r.add(merge(MERGE, 1, 1, 100, 80L, 1_000L));
        r.add(merge(MERGE, 1, 2, 300, 90L, 1_000L));
        r.add(merge(MERGE, 1, 3, 200, 70L, 1_000L));
        r.add(merge(MERGE, 8, 1, 400, 300L, 8_000L));
        r.add(merge(MERGE, 8, 2, 600, 310L, 8_200L));
        r.add(shard(MERGE, 8, 1, WARM, 3, 99_999, null)); // a shard of the merge series: not a merge time
        FanoutSummary s = FanoutSummary.of(r);

        assertThat(s.merge()).extracting(FanoutSummary.MergeRow::shards).containsExactly(1, 8);
        assertThat(s.mergeRow(1).mergeP50Ms()).isEqualTo(200.0);
        assertThat(s.mergeRow(1).mergeJobP50Ms()).isEqualTo(80.0);
        assertThat(s.mergeRow(1).passes()).isEqualTo(3);
        assertThat(s.mergeRow(8).mergeP50Ms()).isEqualTo(500.0);
        assertThat(s.mergeRow(8).resultBytesP50()).isEqualTo(8_100L);
        assertThat(s.warmRow(1).mergeP50Ms())
                .as("the speedup series' merges stay in their own rows")
                .isEqualTo(52.0);
        assertThat(FanoutSummary.mergeTable(s.merge())).contains("| 8 | 2 | 500 | 305 | 8,100 |");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(FanoutSummary.median(new double[] {1, 2, 9})).isEqualTo(2.0);
        assertThat(FanoutSummary.median(new double[] {1, 2, 4, 9})).isEqualTo(3.0);
        assertThat(FanoutSummary.median(new double[0])).isNull();
    }

    @Test
    void speedupTableShowsRatiosWithTwoDecimals() {
        String table =
                FanoutSummary.speedupTable(FanoutSummary.of(speedupRecords()).warm());
        assertThat(table).contains("| 1 | 3 |").contains("| 1.00x | 1.00x |").contains("| 1.83x | 2.00x |");
    }
}
