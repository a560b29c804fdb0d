package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import dev.twinrun.pricing.CostModel.FanoutRun;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda fan-out (Step Functions Standard, Distributed Map): per hour (one run) {@code shards} Shard invocations,
 * a Merge and the PlanNext step after it, and per execution one Plan; an execution does the scenario's
 * {@code scale.hoursPerExecution} hours (default 1). Components: {@code lambda.duration} (GB-seconds of every
 * invocation rounded up to the book's granularity; INIT billed at the scenario's cold share for Plan, the first wave of
 * shards (the Map's concurrency) and Merge of an execution's first hour, the rest modelled warm: see
 * {@link #warmNote}), {@code lambda.requests} (one per invocation), {@code lambda.ephemeralStorage} (GB-seconds of
 * Shard and Merge /tmp above the included size), {@code stepfunctions.transitions} (the parent's states as the
 * deployed definition passes through them, {@link FanoutStateMachine}; per shard one for starting the child
 * execution and one for its Shard task) and the hidden costs with the fan-out's extra S3 requests (per shard a result PUT, the
 * result GET at merge and one more input GET, one more LIST) and one log stream's worth of lines per invocation. Free
 * tier not applied.
 */
final class LambdaFanoutPricing {
    static final String MODEL = "lambda-fanout";

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
        BigDecimal invocations = invocations(f, s.scale().hoursPerExecution()).perHour();
        DeploymentCosts.Bill bill = deployment.bill(
                s,
                "fanout",
                BigDecimal.ZERO,
                Billing.perRuns(s.hidden().logBytesPerRun().multiply(invocations), runs));
        String label = "Lambda fan-out " + f.shards() + " x " + f.memoryMb() + " MB "
                + s.lambda().arch();
        List<String> notes = new ArrayList<>();
        notes.add("free tier not applied; Step Functions retries (extra transitions) not priced");
        notes.add(warmNote(f, s.scale().hoursPerExecution()));
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
        int hours = s.scale().hoursPerExecution();
        BigDecimal hrs = BigDecimal.valueOf(hours);
        BigDecimal shards = BigDecimal.valueOf(f.shards());
        Invocations inv = invocations(f, hours);
        // Cold (at the scenario's cold share): Plan, the first wave of shards and Merge of an execution's first hour.
        // Warm (modelled, Lambda promises no reuse): the shards after the first wave, which start as a shard of the
        // wave finishes; PlanNext, seconds after Merge; and every invocation of a further hour the execution catches
        // up, whose environments idled only through the previous hour's Merge and PlanNext.
        BigDecimal planCold = LambdaRates.averageBilledMs(f.planMs(), init, share, g);
        BigDecimal planWarm = LambdaRates.averageBilledMs(f.planMs(), init, BigDecimal.ZERO, g);
        BigDecimal shardCold = LambdaRates.averageBilledMs(f.shardMs(), init, share, g);
        BigDecimal shardWarm = LambdaRates.averageBilledMs(f.shardMs(), init, BigDecimal.ZERO, g);
        BigDecimal mergeCold = LambdaRates.averageBilledMs(f.mergeMs(), init, share, g);
        BigDecimal mergeWarm = LambdaRates.averageBilledMs(f.mergeMs(), init, BigDecimal.ZERO, g);
        BigDecimal firstWave = BigDecimal.valueOf(f.firstWave());
        // per hour (one run): an execution's totals over its hours
        BigDecimal planB = planCold.add(hrs.multiply(planWarm)).divide(hrs, Billing.MC);
        BigDecimal shardsB = firstWave
                .multiply(shardCold)
                .add(hrs.multiply(shards).subtract(firstWave).multiply(shardWarm))
                .divide(hrs, Billing.MC);
        BigDecimal mergeB =
                mergeCold.add(hrs.subtract(BigDecimal.ONE).multiply(mergeWarm)).divide(hrs, Billing.MC);
        BigDecimal msPerRun = planB.add(shardsB).add(mergeB);
        BigDecimal memoryGb = Billing.gb(f.memoryMb());
        List<CostLine> lines = new ArrayList<>();
        lines.add(CostLine.of(
                "lambda.duration",
                rates.duration(s.lambda().arch()),
                Billing.gbSeconds(Billing.perRuns(msPerRun, runs), memoryGb),
                String.format(
                        "%s runs x (Plan + PlanNext %s ms + %d shards %s ms + Merge %s ms billed) x %s GB; cold at"
                                + " share %s: %s of %s invocations an execution of %d hour(s) (Plan, %d shards of the"
                                + " first wave, Merge); the rest warm (modelled: a later shard, PlanNext and a"
                                + " further hour reuse an environment)",
                        Money.plain(runs, 4),
                        Money.plain(planB, 3),
                        f.shards(),
                        Money.plain(shardsB, 3),
                        Money.plain(mergeB, 3),
                        Money.plain(memoryGb, 6),
                        Money.plain(share, 2),
                        inv.cold(),
                        inv.perExecution(),
                        hours,
                        f.firstWave())));
        BigDecimal invocations = inv.perHour();
        rates.requests()
                .ifPresent(r -> lines.add(CostLine.of(
                        "lambda.requests",
                        r,
                        Billing.perRuns(invocations, runs),
                        f.shards() + " Shard invocations + Plan, Merge and PlanNext per hour"
                                + (hours > 1 ? " (Plan once an execution of " + hours + " hours)" : ""))));
        BigDecimal includedMb = rates.includedEphemeralMb();
        BigDecimal shardExtra =
                BigDecimal.valueOf(f.shardEphemeralMb()).subtract(includedMb).max(BigDecimal.ZERO);
        BigDecimal mergeExtra =
                BigDecimal.valueOf(f.mergeEphemeralMb()).subtract(includedMb).max(BigDecimal.ZERO);
        BigDecimal extraMbMs = shardsB.multiply(shardExtra).add(mergeB.multiply(mergeExtra));
        if (extraMbMs.signum() > 0) {
            lines.add(CostLine.of(
                    "lambda.ephemeralStorage",
                    rates.ephemeralStorage(),
                    Billing.gbSecondsOfMbMs(Billing.perRuns(extraMbMs, runs)),
                    "Shard " + f.shardEphemeralMb() + " MB, Merge " + f.mergeEphemeralMb() + " MB of /tmp (above "
                            + Money.plain(includedMb, 0) + " MB is billed)"));
        }
        BigDecimal perChild = book.decimalOr("stepfunctions.distributedMap.transitionsPerChild", BigDecimal.ONE);
        BigDecimal childStates = BigDecimal.valueOf(FanoutStateMachine.CHILD.size());
        BigDecimal parent = FanoutStateMachine.parentTransitionsPerHour(hours);
        BigDecimal transitions = parent.add(shards.multiply(perChild.add(childStates)));
        lines.add(CostLine.of(
                "stepfunctions.transitions",
                book.line("stepfunctions.standard.stateTransitions"),
                Billing.perRuns(transitions, runs),
                Money.plain(transitions, 3) + " per hour: parent " + Money.plain(parent, 3) + " ("
                        + (hours == 1
                                ? String.join(", ", FanoutStateMachine.FIRST_HOUR)
                                : FanoutStateMachine.parentTransitions(hours) + " an execution of " + hours
                                        + " hours: " + FanoutStateMachine.FIRST_HOUR.size() + " + "
                                        + FanoutStateMachine.EXTRA_HOUR.size() + " a further hour ("
                                        + String.join(", ", FanoutStateMachine.EXTRA_HOUR) + ")")
                        + ") + per shard " + Money.plain(perChild, 0) + " (child execution started) + "
                        + FanoutStateMachine.CHILD.size() + " (its " + String.join(", ", FanoutStateMachine.CHILD)
                        + " task); retries not counted"));
        Scenario.Hidden h = s.hidden();
        Scenario.Hidden fan = new Scenario.Hidden(
                h.logBytesPerRun().multiply(invocations),
                h.s3GetPerRun() + 2L * f.shards(),
                h.s3PutPerRun() + f.shards(),
                h.s3ListPerRun() + 1);
        lines.addAll(hidden.lines(fan, runs));
        return lines;
    }

    /** The fan-out as measured: {@link #measuredLines} for the month, with the fan-out stack's deployment lines. */
    VariantCost measured(Scenario s, CostModel.MeasuredFanout m) {
        BigDecimal runs = s.schedule().runsPerMonth();
        List<CostLine> lines = new ArrayList<>(measuredLines(s, m, runs));
        DeploymentCosts.Bill bill = deployment.bill(
                s,
                "fanout",
                BigDecimal.ZERO,
                Billing.perRuns(s.hidden().logBytesPerRun().multiply(m.invocationsPerHour()), runs));
        lines.addAll(bill.lines());
        List<String> notes = new ArrayList<>();
        notes.add("free tier not applied; measured: " + m.measuredOn());
        notes.addAll(bill.notes());
        return new VariantCost(
                variantId(m.memoryMb(), s.lambda().arch()),
                MODEL,
                "Lambda fan-out " + m.memoryMb() + " MB " + s.lambda().arch() + " (measured)",
                true,
                runs,
                Billing.sum(measuredLines(s, m, BigDecimal.ONE)),
                Billing.sum(lines),
                lines,
                notes);
    }

    /**
     * The cost lines of {@code runs} hours as measured: {@code lambda.duration} (the billed ms per hour x memory),
     * {@code lambda.requests}, {@code stepfunctions.transitions} (the parent's measured transitions plus per Map item
     * the child execution's start and its Shard task) and the hidden costs (the scenario's per-run S3 requests, one
     * invocation's log bytes per invocation).
     */
    List<CostLine> measuredLines(Scenario s, CostModel.MeasuredFanout m, BigDecimal runs) {
        BigDecimal memoryGb = Billing.gb(m.memoryMb());
        List<CostLine> lines = new ArrayList<>();
        lines.add(CostLine.of(
                "lambda.duration",
                rates.duration(s.lambda().arch()),
                Billing.gbSeconds(Billing.perRuns(m.billedMsPerHour(), runs), memoryGb),
                String.format(
                        "%s hours x %s ms billed an hour (%s invocations: Plan, PlanNext, Shard, Merge; INIT included"
                                + " where cold) x %s GB, measured",
                        Money.plain(runs, 4),
                        Money.plain(m.billedMsPerHour(), 3),
                        Money.plain(m.invocationsPerHour(), 3),
                        Money.plain(memoryGb, 6))));
        rates.requests()
                .ifPresent(r -> lines.add(CostLine.of(
                        "lambda.requests",
                        r,
                        Billing.perRuns(m.invocationsPerHour(), runs),
                        Money.plain(m.invocationsPerHour(), 3) + " invocations an hour, measured")));
        BigDecimal perChild = book.decimalOr("stepfunctions.distributedMap.transitionsPerChild", BigDecimal.ONE);
        BigDecimal childStates = BigDecimal.valueOf(FanoutStateMachine.CHILD.size());
        BigDecimal transitions =
                m.transitionsPerHour().add(m.childExecutionsPerHour().multiply(perChild.add(childStates)));
        lines.add(CostLine.of(
                "stepfunctions.transitions",
                book.line("stepfunctions.standard.stateTransitions"),
                Billing.perRuns(transitions, runs),
                Money.plain(transitions, 3) + " an hour: the parent's " + Money.plain(m.transitionsPerHour(), 3)
                        + " as the executions entered them, measured, + " + Money.plain(m.childExecutionsPerHour(), 3)
                        + " Map items x (" + Money.plain(perChild, 0) + " child execution started + "
                        + FanoutStateMachine.CHILD.size() + " " + String.join(", ", FanoutStateMachine.CHILD)
                        + " task); retries not counted"));
        Scenario.Hidden h = s.hidden();
        lines.addAll(hidden.lines(
                new Scenario.Hidden(
                        h.logBytesPerRun().multiply(m.invocationsPerHour()),
                        h.s3GetPerRun(),
                        h.s3PutPerRun(),
                        h.s3ListPerRun()),
                runs));
        return lines;
    }

    /** Invocations of one execution that does {@code hours} hours, and how many of them start cold. */
    record Invocations(int perExecution, int cold, BigDecimal perHour) {}

    static Invocations invocations(FanoutRun f, int hours) {
        int perExecution = 1 + hours * (f.shards() + 2); // Plan, then per hour the shards, Merge and PlanNext
        int cold = 1 + f.firstWave() + 1;
        return new Invocations(
                perExecution, cold, BigDecimal.valueOf(perExecution).divide(BigDecimal.valueOf(hours), Billing.MC));
    }

    /** What the cold/warm split rests on, for the variant's notes. */
    static String warmNote(FanoutRun f, int hours) {
        Invocations inv = invocations(f, hours);
        return "modelled cold/warm: " + inv.cold() + " of " + inv.perExecution() + " invocations an execution ("
                + hours + " hour(s)) start cold at the scenario's cold share: Plan, the first " + f.firstWave()
                + " shards (Map MaxConcurrency " + f.concurrency() + ") and Merge; later shards reuse a finished"
                + " shard's environment, PlanNext runs seconds after Merge, and a further hour's invocations find the"
                + " previous hour's environments idle for seconds; Lambda does not promise reuse, so a cold reuse"
                + " costs up to one INIT more each";
    }
}
