/**
 * The fan-out benchmark ({@code twinrun bench fanout}): {@link dev.twinrun.bench.fanout.FanoutBench} runs plan, N
 * shards at the same time and merge from the deployment zip in forked Lambda runtimes and writes raw
 * {@link dev.twinrun.bench.fanout.FanoutRecord}s; {@link dev.twinrun.bench.fanout.FanoutSummary} computes the
 * statistics from them alone.
 */
package dev.twinrun.bench.fanout;
