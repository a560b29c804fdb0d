package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The costs beside compute that every variant pays per run (a scenario's {@link Scenario.Hidden}): CloudWatch Logs
 * ingestion ({@code hidden.logs}, GB) and S3 GET, PUT and LIST requests ({@code hidden.s3.get|put|list}, requests).
 */
final class HiddenCosts {
    private final PriceBook book;

    HiddenCosts(PriceBook book) {
        this.book = requireNonNull(book, "book");
    }

    /** The lines for {@code runs} runs; no line for a zero quantity. */
    List<CostLine> lines(Scenario.Hidden h, BigDecimal runs) {
        List<CostLine> lines = new ArrayList<>();
        if (h.logBytesPerRun().signum() > 0) {
            BigDecimal gb = Billing.gbOfBytes(Billing.perRuns(h.logBytesPerRun(), runs));
            lines.add(CostLine.of(
                    "hidden.logs",
                    book.line("cloudwatch.logs.ingestion"),
                    gb,
                    Money.plain(h.logBytesPerRun(), 0) + " bytes/run ingested, GB = 2^30 bytes"));
        }
        addRequests(lines, "hidden.s3.get", "s3.requests.get", h.s3GetPerRun(), runs);
        addRequests(lines, "hidden.s3.put", "s3.requests.put", h.s3PutPerRun(), runs);
        addRequests(lines, "hidden.s3.list", "s3.requests.list", h.s3ListPerRun(), runs);
        return lines;
    }

    /** The lines for {@code runs} runs of the scenario's hidden costs. */
    List<CostLine> lines(Scenario s, BigDecimal runs) {
        return lines(s.hidden(), runs);
    }

    private void addRequests(List<CostLine> lines, String component, String lineId, long perRun, BigDecimal runs) {
        if (perRun > 0) {
            lines.add(CostLine.of(
                    component,
                    book.line(lineId),
                    Billing.perRuns(BigDecimal.valueOf(perRun), runs),
                    perRun + " per run"));
        }
    }
}
