/**
 * From raw records to a priced, reported comparison: {@link dev.twinrun.benchmarks.analysis.Comparison}, the one
 * pipeline every command calls, and {@link dev.twinrun.benchmarks.analysis.CompareRun}, {@code twinrun compare}.
 */
package dev.twinrun.benchmarks.analysis;
