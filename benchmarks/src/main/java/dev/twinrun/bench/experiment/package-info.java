/** The experiment runner behind {@code twinrun compare}: entry point {@link dev.twinrun.bench.experiment.Experiment}. */
package dev.twinrun.bench.experiment;
