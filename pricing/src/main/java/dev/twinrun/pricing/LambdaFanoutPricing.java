package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import dev.twinrun.pricing.CostModel.FanoutRun;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda fan-out (Step Functions Standard, Distributed Map): a Plan, {@code shards} Shard invocations and a Merge
 * per run. Components: {@code lambda.duration} (GB-seconds of every invocation, each INIT-billed for the scenario's
 * cold share and rounded up to the book's granularity), {@code lambda.requests} (one per invocation),
 * {@code lambda.ephemeralStorage} (GB-seconds of Shard and Merge /tmp above the included size),
 * {@code stepfunctions.transitions} (the parent's Plan, Map and Merge; per shard one for starting the child execution
 * and one for its Shard task) and the hidden costs with the fan-out's extra S3 requests (per shard a result PUT, the
 * result GET at merge and one more input GET, one more LIST) and one log stream's worth of lines per invocation. Free
 * tier not applied.
 */
final class LambdaFanoutPricing {
    static final String MODEL = "lambda-fanout";

    /** Parent states of the fan-out state machine that run once per execution: Plan, Shards (the Map), Merge. */
    static final int PARENT_STATES = 3;

    private final PriceBook book;
    private final LambdaRates rates;
    private final HiddenCosts hidden;
    private final DeploymentCosts deployment;

    LambdaFanoutPricing(PriceBook book) {
        this.book = requireNonNull(book, "book");
        this.rates = new LambdaRates(book);
        this.hidden = new HiddenCosts(book);
        this.deployment = new DeploymentCosts(book);
    }

    static String variantId(int memoryMb, String arch) {
        return "lambda-fanout-" + memoryMb + "mb-" + arch;
    }

    VariantCost price(Scenario s, FanoutRun f) {
        BigDecimal runs = s.schedule().runsPerMonth();
        List<CostLine> lines = new ArrayList<>(lines(s, f, runs));
        BigDecimal perRun = Billing.sum(lines(s, f, BigDecimal.ONE));
        BigDecimal invocations = BigDecimal.valueOf(f.shards() + 2L);
        DeploymentCosts.Bill bill = deployment.bill(
                s,
                "fanout",
                BigDecimal.ZERO,
                Billing.perRuns(s.hidden().logBytesPerRun().multiply(invocations), runs));
        String label = "Lambda fan-out " + f.shards() + " x " + f.memoryMb() + " MB "
                + s.lambda().arch();
        List<String> notes = new ArrayList<>();
        notes.add("free tier not applied; Step Functions retries (extra transitions) not priced");
        lines.addAll(bill.lines());
        notes.addAll(bill.notes());
        return new VariantCost(
                variantId(f.memoryMb(), s.lambda().arch()),
                MODEL,
                label,
                true,
                runs,
                perRun,
                Billing.sum(lines),
                lines,
                notes);
    }

    /** The cost lines of {@code runs} runs. */
    List<CostLine> lines(Scenario s, FanoutRun f, BigDecimal runs) {
        BigDecimal g = rates.granularity().decimal();
        BigDecimal init = rates.billedInitMs(s);
        BigDecimal share = s.run().coldStartShare();
        BigDecimal shards = BigDecimal.valueOf(f.shards());
        BigDecimal planB = LambdaRates.averageBilledMs(f.planMs(), init, share, g);
        BigDecimal shardB = LambdaRates.averageBilledMs(f.shardMs(), init, share, g);
        BigDecimal mergeB = LambdaRates.averageBilledMs(f.mergeMs(), init, share, g);
        BigDecimal msPerRun = planB.add(shards.multiply(shardB)).add(mergeB);
        BigDecimal memoryGb = Billing.gb(f.memoryMb());
        List<CostLine> lines = new ArrayList<>();
        lines.add(CostLine.of(
                "lambda.duration",
                rates.duration(s.lambda().arch()),
                Billing.gbSeconds(Billing.perRuns(msPerRun, runs), memoryGb),
                String.format(
                        "%s runs x (plan %s ms + %d shards x %s ms + merge %s ms billed) x %s GB",
                        Money.plain(runs, 4),
                        Money.plain(planB, 3),
                        f.shards(),
                        Money.plain(shardB, 3),
                        Money.plain(mergeB, 3),
                        Money.plain(memoryGb, 6))));
        BigDecimal invocations = shards.add(BigDecimal.valueOf(2));
        rates.requests()
                .ifPresent(r -> lines.add(CostLine.of(
                        "lambda.requests",
                        r,
                        Billing.perRuns(invocations, runs),
                        f.shards() + " Shard invocations + Plan + Merge per run")));
        BigDecimal includedMb = rates.includedEphemeralMb();
        BigDecimal shardExtra =
                BigDecimal.valueOf(f.shardEphemeralMb()).subtract(includedMb).max(BigDecimal.ZERO);
        BigDecimal mergeExtra =
                BigDecimal.valueOf(f.mergeEphemeralMb()).subtract(includedMb).max(BigDecimal.ZERO);
        BigDecimal extraMbMs = shards.multiply(shardB).multiply(shardExtra).add(mergeB.multiply(mergeExtra));
        if (extraMbMs.signum() > 0) {
            lines.add(CostLine.of(
                    "lambda.ephemeralStorage",
                    rates.ephemeralStorage(),
                    Billing.gbSecondsOfMbMs(Billing.perRuns(extraMbMs, runs)),
                    "Shard " + f.shardEphemeralMb() + " MB, Merge " + f.mergeEphemeralMb() + " MB of /tmp (above "
                            + Money.plain(includedMb, 0) + " MB is billed)"));
        }
        BigDecimal perChild = book.decimalOr("stepfunctions.distributedMap.transitionsPerChild", BigDecimal.ONE);
        BigDecimal transitions = BigDecimal.valueOf(PARENT_STATES).add(shards.multiply(perChild.add(BigDecimal.ONE)));
        lines.add(CostLine.of(
                "stepfunctions.transitions",
                book.line("stepfunctions.standard.stateTransitions"),
                Billing.perRuns(transitions, runs),
                Money.plain(transitions, 0) + " per run: Plan, Map, Merge + per shard " + Money.plain(perChild, 0)
                        + " (child execution started) + 1 (its Shard task)"));
        Scenario.Hidden h = s.hidden();
        Scenario.Hidden fan = new Scenario.Hidden(
                h.logBytesPerRun().multiply(invocations),
                h.s3GetPerRun() + 2L * f.shards(),
                h.s3PutPerRun() + f.shards(),
                h.s3ListPerRun() + 1);
        lines.addAll(hidden.lines(fan, runs));
        return lines;
    }
}
