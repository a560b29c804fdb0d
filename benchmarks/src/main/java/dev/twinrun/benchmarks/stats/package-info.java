/** Statistics from raw per-invocation records: start at {@link dev.twinrun.benchmarks.stats.StatsCalculator}. */
package dev.twinrun.benchmarks.stats;
