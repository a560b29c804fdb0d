package dev.twinrun.benchmarks.report;

import static java.util.Objects.requireNonNull;

import dev.twinrun.benchmarks.stats.InputData;
import dev.twinrun.benchmarks.stats.JobIdentity;
import dev.twinrun.benchmarks.stats.Provenance;
import dev.twinrun.benchmarks.stats.VariantStats;
import dev.twinrun.pricing.BreakEvenResult;
import dev.twinrun.pricing.CostLine;
import dev.twinrun.pricing.PriceLine;
import dev.twinrun.pricing.SizeSweepResult;
import java.math.BigDecimal;
import java.util.List;

/**
 * Everything a report shows, as data: the scenario, the price book lines used, per-variant measurements and costs,
 * break-even points, verdicts and chart series; every field is documented in {@code docs/REPORT-FORMAT.md}.
 */
public record ReportSummary(
        String schemaVersion,
        String title,
        String generatedAt,
        ScenarioInfo scenario,
        PriceBookInfo priceBook,
        List<VariantStats> measurements,
        List<PricedVariant> costs,
        List<BreakEvenResult> breakEvens,
        List<Verdict> verdicts,
        Charts charts,
        List<String> notes,
        SizeSweepResult sizes,
        InputData data,
        JobIdentity job,
        OperationsSection operations) {

    /** Without the operations section (an older report, or one built before it is added). */
    public ReportSummary(
            String schemaVersion,
            String title,
            String generatedAt,
            ScenarioInfo scenario,
            PriceBookInfo priceBook,
            List<VariantStats> measurements,
            List<PricedVariant> costs,
            List<BreakEvenResult> breakEvens,
            List<Verdict> verdicts,
            Charts charts,
            List<String> notes,
            SizeSweepResult sizes,
            InputData data,
            JobIdentity job) {
        this(
                schemaVersion,
                title,
                generatedAt,
                scenario,
                priceBook,
                measurements,
                costs,
                breakEvens,
                verdicts,
                charts,
                notes,
                sizes,
                data,
                job,
                null);
    }

    /** Without the data and the job (a report built from a price book alone, or an older report). */
    public ReportSummary(
            String schemaVersion,
            String title,
            String generatedAt,
            ScenarioInfo scenario,
            PriceBookInfo priceBook,
            List<VariantStats> measurements,
            List<PricedVariant> costs,
            List<BreakEvenResult> breakEvens,
            List<Verdict> verdicts,
            Charts charts,
            List<String> notes,
            SizeSweepResult sizes) {
        this(
                schemaVersion,
                title,
                generatedAt,
                scenario,
                priceBook,
                measurements,
                costs,
                breakEvens,
                verdicts,
                charts,
                notes,
                sizes,
                null,
                null);
    }

    /** Version of this shape; bump when a field changes meaning. */
    public static final String SCHEMA_VERSION = "2";

    public ReportSummary {
        requireNonNull(schemaVersion, "schemaVersion");
        requireNonNull(title, "title");
        requireNonNull(scenario, "scenario");
        requireNonNull(priceBook, "priceBook");
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
        costs = List.copyOf(costs);
        breakEvens = breakEvens == null ? List.of() : List.copyOf(breakEvens);
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
        charts = charts == null ? new Charts(List.of(), List.of(), List.of()) : charts;
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** This summary with other notes. */
    public ReportSummary withNotes(List<String> v) {
        return new ReportSummary(
                schemaVersion,
                title,
                generatedAt,
                scenario,
                priceBook,
                measurements,
                costs,
                breakEvens,
                verdicts,
                charts,
                v,
                sizes,
                data,
                job,
                operations);
    }

    /** This summary with the cost-vs-data-size comparison and the price book lines it used. */
    public ReportSummary withSizes(SizeSweepResult v, PriceBookInfo book) {
        return new ReportSummary(
                schemaVersion,
                title,
                generatedAt,
                scenario,
                book,
                measurements,
                costs,
                breakEvens,
                verdicts,
                charts,
                notes,
                v,
                data,
                job,
                operations);
    }

    /** This summary naming the data and the job the measurements ran (either may be null: not known). */
    public ReportSummary withSubject(InputData d, JobIdentity j) {
        return new ReportSummary(
                schemaVersion,
                title,
                generatedAt,
                scenario,
                priceBook,
                measurements,
                costs,
                breakEvens,
                verdicts,
                charts,
                notes,
                sizes,
                d,
                j,
                operations);
    }

    /** This summary with the operations section (what each deployed variant asks of its operators). */
    public ReportSummary withOperations(OperationsSection o) {
        return new ReportSummary(
                schemaVersion,
                title,
                generatedAt,
                scenario,
                priceBook,
                measurements,
                costs,
                breakEvens,
                verdicts,
                charts,
                notes,
                sizes,
                data,
                job,
                o);
    }

    /** The scenario as priced (after command-line overrides). */
    public record ScenarioInfo(
            String name,
            String description,
            BigDecimal runsPerDay,
            BigDecimal daysPerMonth,
            BigDecimal runsPerMonth,
            BigDecimal hoursPerMonth,
            BigDecimal durationMs,
            BigDecimal initMs,
            BigDecimal coldStartShare,
            BigDecimal dataSizeMb,
            BigDecimal msPerMb,
            int memoryMb,
            String arch,
            String instanceType,
            BigDecimal ebsGb,
            boolean freeTier,
            boolean initBilled,
            DiscountsInfo discounts) {}

    /**
     * The discounts the figures use: free tiers per side ({@code --free-tier}: Lambda's, EC2's 750 t2.micro hours,
     * the services' CloudWatch, SQS, SNS, Step Functions and S3) and the Savings Plans commitment per side in percent
     * ({@code --commitment}, 0 when none).
     */
    public record DiscountsInfo(
            boolean lambdaFreeTier,
            boolean ec2FreeTier,
            boolean servicesFreeTier,
            BigDecimal lambdaCommitmentPercent,
            BigDecimal ec2CommitmentPercent) {}

    /** The price book, with only the lines the report's numbers use. */
    public record PriceBookInfo(
            String id,
            String title,
            String date,
            String region,
            String currency,
            List<String> notes,
            List<PriceLine> linesUsed) {
        public PriceBookInfo {
            notes = notes == null ? List.of() : List.copyOf(notes);
            linesUsed = linesUsed == null ? List.of() : List.copyOf(linesUsed);
        }
    }

    /**
     * One priced variant: the durations it was priced with and where they come from, its cost per run and per month,
     * the priced lines that sum to the month, and the command that deploys it ({@code null}: twinrun cannot deploy
     * it, e.g. Lambda Managed Instances, priced only).
     */
    public record PricedVariant(
            String variantId,
            String measuredVariantId,
            String platform,
            String model,
            String label,
            boolean feasible,
            BigDecimal durationMs,
            BigDecimal warmDurationMs,
            BigDecimal initMs,
            Provenance durationProvenance,
            BigDecimal runsPerMonth,
            BigDecimal perRunUsd,
            BigDecimal perMonthUsd,
            List<CostLine> lines,
            List<String> notes,
            String deployCommand) {
        public PricedVariant {
            requireNonNull(variantId, "variantId");
            lines = List.copyOf(lines);
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /**
     * Which deployable variant is cheaper at one schedule, the best deployable one of the other kind (Lambda against
     * a server: EC2 or Fargate), by how much, why, and the command that deploys the cheaper one; with the
     * scenario's commitments, {@code withoutCommitments} says the verdict without them (null when none is set).
     */
    public record Verdict(
            String schedule,
            BigDecimal runsPerDay,
            BigDecimal daysPerMonth,
            String cheapestVariantId,
            BigDecimal cheapestMonthUsd,
            Provenance cheapestDurationProvenance,
            String runnerUpVariantId,
            BigDecimal runnerUpMonthUsd,
            Provenance runnerUpDurationProvenance,
            BigDecimal savingUsd,
            BigDecimal savingPercent,
            String why,
            String deployCommand,
            String sensitivity,
            String withoutCommitments) {}

    /** Series the HTML page draws. */
    public record Charts(List<Series> costVsRunsPerDay, List<Marker> breakEvenMarkers, List<Series> costVsMemory) {
        public Charts {
            costVsRunsPerDay = costVsRunsPerDay == null ? List.of() : List.copyOf(costVsRunsPerDay);
            breakEvenMarkers = breakEvenMarkers == null ? List.of() : List.copyOf(breakEvenMarkers);
            costVsMemory = costVsMemory == null ? List.of() : List.copyOf(costVsMemory);
        }
    }

    /** One line of a chart. */
    public record Series(String variantId, String label, String xUnit, String yUnit, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** One point of a series. */
    public record Point(BigDecimal x, BigDecimal y, Provenance provenance) {}

    /** A marked point, e.g. a break-even. */
    public record Marker(BigDecimal x, BigDecimal y, String label) {}
}
