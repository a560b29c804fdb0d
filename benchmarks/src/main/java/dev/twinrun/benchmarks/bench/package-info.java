/**
 * The fan-out benchmark ({@code twinrun bench fanout}): {@link dev.twinrun.benchmarks.bench.FanoutBench} runs plan, N
 * shards at the same time and merge from the deployment zip in forked Lambda runtimes and writes raw
 * {@link dev.twinrun.benchmarks.bench.FanoutRecord}s; {@link dev.twinrun.benchmarks.bench.FanoutSummary} computes the
 * statistics from them alone.
 */
package dev.twinrun.benchmarks.bench;
