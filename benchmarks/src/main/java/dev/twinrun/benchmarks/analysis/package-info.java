/** From statistics to a priced, reported comparison: {@link dev.twinrun.benchmarks.analysis.Analysis}. */
package dev.twinrun.benchmarks.analysis;
