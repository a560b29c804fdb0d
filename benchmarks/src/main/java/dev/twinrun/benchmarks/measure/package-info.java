/** The experiment runner behind {@code twinrun compare}: entry point {@link dev.twinrun.benchmarks.measure.Experiment}. */
package dev.twinrun.benchmarks.measure;
