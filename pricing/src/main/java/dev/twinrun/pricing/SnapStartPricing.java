package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Lambda variant with SnapStart on a published version: priced as {@link LambdaPricing} but each cold run bills
 * its Billed Restore Duration (a modelled assumption: it can only be read from a real REPORT line) instead of INIT,
 * whatever the INIT switch says; Java's SnapStart has no cache or restore charge ({@code lambda.snapStart.cacheAndRestore}
 * at 0, shown so the reader sees it was checked). Infeasible with more ephemeral storage than SnapStart supports.
 */
final class SnapStartPricing {
    static final String MODEL = "lambda-snapstart";

    private final PriceBook book;
    private final LambdaPricing lambda;
    private final DeploymentCosts deployment;

    SnapStartPricing(PriceBook book) {
        this.book = requireNonNull(book, "book");
        this.lambda = new LambdaPricing(book);
        this.deployment = new DeploymentCosts(book);
    }

    static String variantId(int memoryMb, String arch) {
        return LambdaPricing.variantId(memoryMb, arch) + "-snapstart";
    }

    /** The restore time priced: {@code restoreMs}, else the book's assumption. */
    BigDecimal restoreMs(BigDecimal restoreMs) {
        return restoreMs != null
                ? restoreMs
                : book.line("lambda.snapStart.assumption.restoreMs").decimal();
    }

    /**
     * The month with SnapStart.
     *
     * @param restoreMs the Billed Restore Duration of a cold run; null: the book's assumption
     */
    VariantCost price(Scenario s, BigDecimal restoreMs) {
        BigDecimal restore = restoreMs(restoreMs);
        Scenario.Run r = s.run();
        Scenario snap = s.withRun(new Scenario.Run(
                        r.durationMs(), r.warmDurationMs(), restore, r.coldStartShare(), r.dataSizeMb(), r.msPerMb()))
                .withInitBilled(true);
        BigDecimal runs = s.schedule().runsPerMonth();
        List<CostLine> lines =
                new ArrayList<>(relabel(lambda.lines(snap, runs, s.lambda().freeTier())));
        BigDecimal coldRuns = runs.multiply(r.coldStartShare());
        lines.add(CostLine.of(
                "lambda.snapStart.cacheAndRestore",
                book.line("lambda.snapStart.java.cacheAndRestore"),
                Billing.gbSeconds(
                        coldRuns.multiply(restore), Billing.gb(s.lambda().memoryMb())),
                "none for Java managed runtimes (charged for Python and .NET only)"));
        DeploymentCosts.Bill bill = deployment.bill(
                s, "lambda", BigDecimal.ZERO, Billing.perRuns(s.hidden().logBytesPerRun(), runs));
        lines.addAll(bill.lines());
        List<String> notes = new ArrayList<>(bill.notes());
        notes.add("Billed Restore Duration " + Money.plain(restore, 0) + " ms is modelled, not measured"
                + (restoreMs != null ? "" : " (lambda.snapStart.assumption.restoreMs)") + "; it replaces the INIT of "
                + Money.plain(r.initMs(), 0) + " ms the plain function is priced with");
        notes.add("the handler's cold duration is the plain function's (priming in beforeCheckpoint would shorten it;"
                + " not modelled)");
        boolean feasible = true;
        Optional<PriceLine> maxTmp = book.find("lambda.snapStart.limits.ephemeralStorageMbMax");
        if (maxTmp.isPresent()
                && BigDecimal.valueOf(s.lambda().ephemeralStorageMb())
                                .compareTo(maxTmp.get().decimal())
                        > 0) {
            feasible = false;
            notes.add("SnapStart supports at most " + maxTmp.get().value() + " MB of ephemeral storage ("
                    + maxTmp.get().id() + "); this function has " + s.lambda().ephemeralStorageMb() + " MB");
        }
        VariantCost plain = lambda.price(snap);
        feasible = feasible && plain.feasible();
        BigDecimal perRun = Billing.sum(relabel(lambda.lines(snap, BigDecimal.ONE, false)));
        Scenario.LambdaSettings l = s.lambda();
        return new VariantCost(
                variantId(l.memoryMb(), l.arch()),
                MODEL,
                "Lambda " + l.memoryMb() + " MB " + l.arch() + " SnapStart",
                feasible,
                runs,
                perRun,
                Billing.sum(lines),
                lines,
                notes);
    }

    private static List<CostLine> relabel(List<CostLine> lines) {
        return lines.stream()
                .map(l -> l.component().equals("lambda.duration")
                        ? new CostLine(
                                l.component(),
                                l.priceLineId(),
                                l.quantity(),
                                l.unit(),
                                l.priceUsd(),
                                l.per(),
                                l.costUsd(),
                                l.note()
                                        .replace(
                                                ", INIT billed",
                                                ", cold runs bill the Billed Restore Duration, not INIT"))
                        : l)
                .toList();
    }
}
