/** Statistics from raw per-invocation records: start at {@link dev.twinrun.bench.stats.StatsCalculator}. */
package dev.twinrun.bench.stats;
