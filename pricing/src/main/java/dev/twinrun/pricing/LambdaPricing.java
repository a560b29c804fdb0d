package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Lambda function run per scheduled run. Components: {@code lambda.duration} (billed GB-seconds, each run rounded
 * up to the book's granularity, INIT added on cold runs when billed), {@code lambda.requests} (one per run),
 * {@code lambda.ephemeralStorage} (GB-seconds above the included /tmp), the free-tier credits
 * {@code lambda.freeTier.gbSeconds} and {@code lambda.freeTier.requests} when switched on, and the hidden costs.
 * The cost of a run is without the free tier.
 */
final class LambdaPricing implements VariantPricing {
    static final String MODEL = "lambda";

    private final PriceBook book;
    private final LambdaRates rates;
    private final HiddenCosts hidden;
    private final DeploymentCosts deployment;

    LambdaPricing(PriceBook book) {
        this.book = requireNonNull(book, "book");
        this.rates = new LambdaRates(book);
        this.hidden = new HiddenCosts(book);
        this.deployment = new DeploymentCosts(book);
    }

    static String variantId(int memoryMb, String arch) {
        return "lambda-" + memoryMb + "mb-" + arch;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public VariantCost price(Scenario s) {
        Scenario.LambdaSettings l = s.lambda();
        List<String> notes = new ArrayList<>();
        if (rates.requests().isEmpty()) {
            notes.add("price book " + book.id() + " has no lambda.requests line: requests not priced");
        }
        BigDecimal runs = s.schedule().runsPerMonth();
        List<CostLine> lines = new ArrayList<>(lines(s, runs, l.freeTier()));
        DeploymentCosts.Bill bill = deployment.bill(
                s, "lambda", BigDecimal.ZERO, Billing.perRuns(s.hidden().logBytesPerRun(), runs));
        lines.addAll(bill.lines());
        notes.addAll(bill.notes());
        boolean feasible = withinLimits(s, notes);
        if (l.freeTier()) {
            notes.add("free tier on: the month is after the free tier; perRunUsd is without it");
        }
        if (!bill.lines().isEmpty()) {
            notes.add("perRunUsd excludes the deployment's monthly lines (deploy.*)");
        }
        BigDecimal perRun = Billing.sum(lines(s, BigDecimal.ONE, false));
        String label = "Lambda " + l.memoryMb() + " MB " + l.arch();
        return new VariantCost(
                variantId(l.memoryMb(), l.arch()),
                MODEL,
                label,
                feasible,
                runs,
                perRun,
                Billing.sum(lines),
                lines,
                notes);
    }

    /** The cost lines of {@code runs} runs, with the free-tier credits if {@code freeTier}. */
    List<CostLine> lines(Scenario s, BigDecimal runs, boolean freeTier) {
        Scenario.LambdaSettings l = s.lambda();
        BigDecimal g = rates.granularity().decimal();
        boolean init = rates.initBilled(s);
        BigDecimal billedColdMs = Billing.ceilTo(s.run().durationMs().add(rates.billedInitMs(s)), g);
        BigDecimal billedWarmMs = Billing.ceilTo(s.run().effectiveWarmDurationMs(), g);
        BigDecimal memoryGb = Billing.gb(l.memoryMb());
        BigDecimal coldRuns = runs.multiply(s.run().coldStartShare());
        BigDecimal warmRuns = runs.subtract(coldRuns);
        BigDecimal billedMs = coldRuns.multiply(billedColdMs).add(warmRuns.multiply(billedWarmMs));
        BigDecimal gbSeconds = Billing.gbSeconds(billedMs, memoryGb);

        PriceLine duration = rates.duration(l.arch());
        List<CostLine> lines = new ArrayList<>();
        lines.add(CostLine.of(
                "lambda.duration",
                duration,
                gbSeconds,
                String.format(
                        "%s runs/month (%s cold, billed %s ms; %s warm, billed %s ms) x %s GB, rounded up to %s ms%s",
                        Money.plain(runs, 4),
                        Money.plain(coldRuns, 4),
                        Money.plain(billedColdMs, 3),
                        Money.plain(warmRuns, 4),
                        Money.plain(billedWarmMs, 3),
                        Money.plain(memoryGb, 6),
                        Money.plain(g, 3),
                        init ? ", INIT billed" : ", INIT not billed")));
        if (freeTier) {
            PriceLine free = book.line("lambda.freeTier.gbSeconds");
            lines.add(CostLine.of(
                    "lambda.freeTier.gbSeconds",
                    duration,
                    gbSeconds.min(free.decimal()).negate(),
                    "free tier (" + free.id() + ": " + free.value() + " GB-s/month) deducted"));
        }
        Optional<PriceLine> requests = rates.requests();
        if (requests.isPresent()) {
            lines.add(CostLine.of("lambda.requests", requests.get(), runs, "one request per run"));
            if (freeTier) {
                PriceLine free = book.line("lambda.freeTier.requests");
                lines.add(CostLine.of(
                        "lambda.freeTier.requests",
                        requests.get(),
                        runs.min(free.decimal()).negate(),
                        "free tier (" + free.id() + ": " + free.value() + " requests/month) deducted"));
            }
        }
        BigDecimal includedMb = rates.includedEphemeralMb();
        BigDecimal extraMb = BigDecimal.valueOf(l.ephemeralStorageMb()).subtract(includedMb);
        if (extraMb.signum() > 0) {
            lines.add(CostLine.of(
                    "lambda.ephemeralStorage",
                    rates.ephemeralStorage(),
                    Billing.gbSeconds(billedMs, Billing.gb(extraMb)),
                    Money.plain(extraMb, 0) + " MB above the included " + Money.plain(includedMb, 0) + " MB"));
        }
        lines.addAll(hidden.lines(s, runs));
        return lines;
    }

    /** Whether one invocation can do a run (timeout, memory range); adds a note for each limit broken. */
    private boolean withinLimits(Scenario s, List<String> notes) {
        boolean feasible = true;
        Optional<PriceLine> timeout = book.find("lambda.limits.timeoutSeconds");
        if (timeout.isPresent()) {
            BigDecimal limitMs = timeout.get().decimal().multiply(Billing.MS_PER_SECOND);
            if (s.run().durationMs().compareTo(limitMs) > 0
                    || s.run().effectiveWarmDurationMs().compareTo(limitMs) > 0) {
                feasible = false;
                notes.add("a run of "
                        + Money.plain(s.run().durationMs(), 0)
                        + " ms exceeds Lambda's limit ("
                        + timeout.get().id()
                        + " = "
                        + timeout.get().value()
                        + " s): one invocation cannot do it; shard the hour");
            }
        }
        Optional<PriceLine> maxMemory = book.find("lambda.limits.memoryMbMax");
        Optional<PriceLine> minMemory = book.find("lambda.limits.memoryMbMin");
        BigDecimal memory = BigDecimal.valueOf(s.lambda().memoryMb());
        if (maxMemory.isPresent() && memory.compareTo(maxMemory.get().decimal()) > 0
                || minMemory.isPresent() && memory.compareTo(minMemory.get().decimal()) < 0) {
            feasible = false;
            notes.add("memory " + memory + " MB is outside Lambda's limits (lambda.limits.memoryMbMin/Max)");
        }
        return feasible;
    }
}
