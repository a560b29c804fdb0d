package dev.twinrun.benchmarks.report;

import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.benchmarks.stats.InputData;
import dev.twinrun.benchmarks.stats.JobIdentity;
import dev.twinrun.benchmarks.stats.MetricStats;
import dev.twinrun.benchmarks.stats.PhaseStats;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.BreakEvenResult;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.SizeSweepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a summary as CSV tables: cost lines, measurements, break-even points and, when the summary has them, cost
 * against data size.
 */
public final class CsvReport {
    private CsvReport() {}

    /**
     * The data and the job the measurements ran, one {@code field,value} row each (the data's hours joined by
     * spaces); just the header when the summary names neither.
     */
    public static String about(ReportSummary s) {
        Csv csv = new Csv().row("field", "value");
        InputData d = s.data();
        if (d != null) {
            csv.row("data.generated", d.generated());
            csv.row("data.source", d.source());
            csv.row("data.layout", d.layout());
            csv.row("data.hours", String.join(" ", d.hours()));
            csv.row("data.files", d.files());
            csv.row("data.bytes", d.bytes());
            csv.row("data.rows", d.rows());
            csv.row("data.sha256", d.sha256());
        }
        JobIdentity j = s.job();
        if (j != null) {
            csv.row("job.kind", j.kind());
            csv.row("job.name", j.name());
            csv.row("job.file", j.file());
            csv.row("job.sha256", j.sha256());
            csv.row("job.className", j.className());
        }
        return csv.toString();
    }

    /** One row per priced line of every variant; the variant's totals repeat on each of its rows. */
    public static String costs(ReportSummary s) {
        Csv csv = new Csv()
                .row(
                        "variantId",
                        "measuredVariantId",
                        "platform",
                        "model",
                        "label",
                        "feasible",
                        "durationMs",
                        "durationProvenance",
                        "runsPerMonth",
                        "perRunUsd",
                        "perMonthUsd",
                        "component",
                        "priceLineId",
                        "quantity",
                        "unit",
                        "priceUsd",
                        "per",
                        "costUsd",
                        "note");
        for (PricedVariant v : s.costs()) {
            for (CostLine l : v.lines()) {
                csv.row(
                        v.variantId(),
                        v.measuredVariantId(),
                        v.platform(),
                        v.model(),
                        v.label(),
                        v.feasible(),
                        v.durationMs(),
                        v.durationProvenance() == null
                                ? null
                                : v.durationProvenance().json(),
                        v.runsPerMonth(),
                        v.perRunUsd(),
                        v.perMonthUsd(),
                        l.component(),
                        l.priceLineId(),
                        l.quantity(),
                        l.unit(),
                        l.priceUsd(),
                        l.per(),
                        l.costUsd(),
                        l.note());
            }
        }
        return csv.toString();
    }

    /** One row per variant, phase and metric. */
    public static String measurements(ReportSummary s) {
        Csv csv = new Csv()
                .row(
                        "variantId",
                        "platform",
                        "memoryMb",
                        "arch",
                        "instanceType",
                        "phase",
                        "runs",
                        "failed",
                        "metric",
                        "n",
                        "min",
                        "p50",
                        "p90",
                        "p99",
                        "trimmedMean",
                        "max",
                        "provenance");
        for (VariantStats v : s.measurements()) {
            for (PhaseStats p : v.phases()) {
                for (Map.Entry<String, MetricStats> e : metrics(p).entrySet()) {
                    MetricStats m = e.getValue();
                    if (m == null) {
                        continue;
                    }
                    csv.row(
                            v.variantId(),
                            v.platform(),
                            v.memoryMb(),
                            v.arch(),
                            v.instanceType(),
                            p.phase(),
                            p.runs(),
                            p.failed(),
                            e.getKey(),
                            m.n(),
                            m.min(),
                            m.p50(),
                            m.p90(),
                            m.p99(),
                            m.trimmedMean(),
                            m.max(),
                            m.provenance().json());
                }
            }
        }
        return csv.toString();
    }

    /** One row per break-even search. */
    public static String breakEvens(ReportSummary s) {
        Csv csv = new Csv()
                .row(
                        "dimension",
                        "unit",
                        "variantA",
                        "variantB",
                        "status",
                        "value",
                        "cheaperBelow",
                        "cheaperAbove",
                        "searchedFrom",
                        "searchedTo",
                        "note");
        for (BreakEvenResult b : s.breakEvens()) {
            csv.row(
                    b.dimension(),
                    b.unit(),
                    b.variantA(),
                    b.variantB(),
                    b.status(),
                    b.value(),
                    b.cheaperBelow(),
                    b.cheaperAbove(),
                    b.searchedFrom(),
                    b.searchedTo(),
                    b.note());
        }
        return csv.toString();
    }

    /**
     * The cost-vs-data-size table ({@code sizes.csv}): one row per size and variant, in the order of
     * {@link SizeSweepResult#VARIANTS}; amounts empty where the variant does not fit. Null when the summary has no sizes.
     */
    public static String sizes(ReportSummary s) {
        SizeSweepResult z = s.sizes();
        if (z == null) {
            return null;
        }
        Csv csv = new Csv()
                .row(
                        "size_mb",
                        "measured",
                        "variant",
                        "fits",
                        "config",
                        "duration_ms",
                        "wall_ms",
                        "per_run_usd",
                        "per_month_usd",
                        "limit",
                        "note");
        for (SizeSweepResult.Row r : z.rows()) {
            for (String v : SizeSweepResult.VARIANTS) {
                SizeSweepResult.Option o = r.option(v);
                csv.row(
                        r.sizeMb(),
                        r.measured(),
                        o.variant(),
                        o.fits(),
                        o.config(),
                        o.durationMs(),
                        o.wallMs(),
                        o.perRunUsd(),
                        o.perMonthUsd(),
                        o.limit(),
                        o.note());
            }
        }
        return csv.toString();
    }

    static Map<String, MetricStats> metrics(PhaseStats p) {
        Map<String, MetricStats> m = new LinkedHashMap<>();
        m.put("wallMs", p.wallMs());
        m.put("cpuMs", p.cpuMs());
        m.put("billedMs", p.billedMs());
        m.put("initMs", p.initMs());
        m.put("maxMemoryUsedMb", p.maxMemoryUsedMb());
        m.put("rowsRead", p.rowsRead());
        m.put("bytesRead", p.bytesRead());
        return m;
    }
}
