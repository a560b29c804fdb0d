/** Comparison reports: build a {@link dev.twinrun.bench.report.ReportSummary} with {@link dev.twinrun.bench.report.ReportAssembler}, render it with {@link dev.twinrun.bench.report.ReportWriter}. */
package dev.twinrun.bench.report;
