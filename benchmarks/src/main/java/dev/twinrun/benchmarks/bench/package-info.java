/**
 * The {@code twinrun bench ...} benchmarks; each command is options plus one call into a class here.
 *
 * <ul>
 *   <li>{@link dev.twinrun.benchmarks.bench.CoreBench} ({@code bench core}): the core's throughput against
 *       {@link dev.twinrun.benchmarks.bench.DuckDbBaseline} and {@code cat}, each a fresh JVM
 *       ({@link dev.twinrun.benchmarks.bench.BenchWorker}); {@link dev.twinrun.benchmarks.bench.CoreRun}
 *       ({@code bench core-run}) repeats the core job in one JVM.
 *   <li>{@link dev.twinrun.benchmarks.bench.LambdaBench} ({@code bench lambda}): cold and warm invocations of the
 *       deployment zip in the forked Lambda runtime.
 *   <li>{@link dev.twinrun.benchmarks.bench.Ec2Bench} ({@code bench ec2}): busy and idle cron ticks of the runner jar.
 *   <li>{@link dev.twinrun.benchmarks.bench.FanoutBench} ({@code bench fanout}): plan, N shards at the same time and
 *       merge from the deployment zip; {@link dev.twinrun.benchmarks.bench.FanoutSummary} computes the statistics
 *       from its raw records alone.
 * </ul>
 *
 * <p>Raw records: every benchmark writes JSON lines, one per measurement, before any statistic. {@code bench lambda}
 * and {@code bench ec2} measure invocations of a variant and write the stats module's
 * {@link dev.twinrun.benchmarks.stats.InvocationRecord} ({@link dev.twinrun.benchmarks.stats.RawRecords}). Two
 * differ, because what they measure is not one invocation of a variant:
 * {@link dev.twinrun.benchmarks.bench.FanoutRecord} also records spans of a pass (the parallel shard phase, the whole
 * pass) and places each invocation in its series, shard count, repetition and step, which the per-variant schema
 * has no fields for; {@link dev.twinrun.benchmarks.bench.CoreBench.CoreRecord} times whole processes that are
 * neither Lambda nor EC2 ({@code cat}, DuckDB).
 */
package dev.twinrun.benchmarks.bench;
