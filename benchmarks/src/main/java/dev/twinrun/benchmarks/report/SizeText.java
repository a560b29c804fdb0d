package dev.twinrun.benchmarks.report;

import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceLine;
import dev.twinrun.pricing.SizeSweep;
import dev.twinrun.pricing.SizeSweepResult;
import dev.twinrun.pricing.SizeSweepResult.Crossover;
import dev.twinrun.pricing.SizeSweepResult.LimitHit;
import dev.twinrun.pricing.SizeSweepResult.Option;
import dev.twinrun.pricing.SizeSweepResult.Row;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * The words and numbers of the cost-vs-data-size section, shared by the text, Markdown and HTML renderings: sizes as
 * {@code 100 MB}, {@code 2.5 GB}, {@code 100 GB} (binary units: 1 GB = 1024 MB, 1 MB = 2^20 bytes), cells as
 * {@code $X.XX/month, config} or {@code does not fit (limit id)}, variant names, first-limit and crossover lines.
 */
public final class SizeText {

    private SizeText() {}

    /** A data size in MB, readably: {@code 351 MB}, {@code 2.5 GB}, {@code 100 GB}, {@code 1 TB}. */
    public static String size(BigDecimal mb) {
        return DataSize.text(mb);
    }

    /** The variant's name in the table headings. */
    public static String variant(String id) {
        if (id == null) {
            return "none";
        }
        return switch (id) {
            case SizeSweepResult.LAMBDA -> "single Lambda";
            case SizeSweepResult.FANOUT -> "Lambda fan-out";
            case SizeSweepResult.EC2 -> "EC2 always on";
            default -> id;
        };
    }

    /** One table cell: the month and the configuration, or why it does not fit. */
    static String cell(Option o) {
        if (!o.fits()) {
            return "does not fit (" + (o.limit() == null ? "no limit named" : o.limit()) + ")";
        }
        return Money.format(o.perMonthUsd()) + "/month, " + o.config();
    }

    /**
     * {@code modelled}, or for the size the work was measured at {@code measured work, modelled prices}: the work model
     * was fitted there, but the row still prices a model of it (its Lambda architecture, memory and EC2 type are the
     * sweep's, not necessarily what ran).
     */
    static String from(Row r) {
        return r.measured() ? MEASURED_ROW : "modelled";
    }

    /** The provenance of the row at the measured size. */
    static final String MEASURED_ROW = "measured work, modelled prices";

    /** The cheaper instance types a fitting EC2 option's note says were ruled out, and by which limit; empty if none. */
    public static String ruledOut(Option o) {
        String marker = "cheaper types ruled out: ";
        int at = o.note().indexOf(marker);
        return at < 0 ? "" : o.note().substring(at + marker.length());
    }

    /** The variant that is cheapest at this size, or {@code none fits}. */
    static String cheapest(Row r) {
        return r.cheapest() == null ? "none fits" : variant(r.cheapest());
    }

    /** "single Lambda: does not fit from 9.2 GB an hour (lambda.limits.timeoutSeconds): reason". */
    static String limitLine(LimitHit l) {
        if (l.atSizeMb() == null) {
            return variant(l.variant()) + ": no limit up to 1 TB"
                    + (l.reason() == null || l.reason().isEmpty() ? "" : " (" + l.reason() + ")");
        }
        return variant(l.variant()) + ": does not fit from " + size(l.atSizeMb()) + " an hour ("
                + (l.limit() == null ? "no limit named" : l.limit()) + "): " + l.reason();
    }

    /** "at 351 MB an hour ($3.74/month): Lambda fan-out is cheaper below, EC2 always on above". */
    static String crossoverLine(Crossover c) {
        return "at " + size(c.sizeMb()) + " an hour"
                + (c.perMonthUsd() == null ? "" : " (" + Money.format(c.perMonthUsd()) + "/month)") + ": "
                + variant(c.cheaperBelow()) + " is cheaper below, " + variant(c.cheaperAbove()) + " above";
    }

    /** The sentence saying which sizes were measured and that the others are modelled. */
    static String provenance(SizeSweepResult s) {
        List<String> measured = s.rows().stream()
                .filter(Row::measured)
                .map(r -> size(r.sizeMb()))
                .toList();
        if (measured.isEmpty()) {
            return "Every size here is modelled: nothing was measured at these sizes; the costs come from the workload "
                    + "model in the assumptions below.";
        }
        return "Measured at " + String.join(", ", measured) + "; every other size is modelled from that measurement "
                + "with the workload model in the assumptions below.";
    }

    /**
     * A short name of a limit for the chart, e.g. {@code 15-min timeout}, from the price-book line when the report
     * carries it; otherwise the limit id.
     */
    static String limitShort(String limitId, List<PriceLine> lines) {
        if (limitId == null) {
            return "limit";
        }
        String value = lines.stream()
                .filter(l -> l.id().equals(limitId))
                .map(PriceLine::value)
                .findFirst()
                .orElse(null);
        return switch (limitId) {
            case "lambda.limits.timeoutSeconds" -> minutes(value) == null ? "timeout" : minutes(value) + "-min timeout";
            case "lambda.limits.ephemeralStorageMbMax" -> value == null ? "/tmp size" : "/tmp " + value + " MB";
            case "lambda.limits.memoryMbMax" -> "memory maximum";
            case "lambda.limits.concurrentExecutions" -> "concurrency limit";
            case "lambda.limits.payloadMbSync" -> "payload size";
            case "stepfunctions.limits.stateKb" -> "Step Functions state size";
            case "stepfunctions.limits.distributedMapConcurrency" -> "Map concurrency";
            case "schedule.interval" -> "next run due";
            case SizeSweep.EC2_TIMEOUT_LIMIT -> SizeSweep.EC2_UNIT_TIMEOUT_MINUTES + "-min unit timeout";
            case SizeSweep.EC2_MEMORY_LIMIT -> "instance memory";
            case SizeSweep.EC2_NETWORK_LIMIT -> "instance network";
            default -> limitId;
        };
    }

    private static String minutes(String seconds) {
        try {
            return seconds == null
                    ? null
                    : Money.plain(new BigDecimal(seconds).divide(BigDecimal.valueOf(60), MathContext.DECIMAL128), 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
