/** Comparison reports: build a {@link dev.twinrun.benchmarks.report.ReportSummary} with {@link dev.twinrun.benchmarks.report.ReportAssembler}, render it with {@link dev.twinrun.benchmarks.report.ReportWriter}. */
package dev.twinrun.benchmarks.report;
