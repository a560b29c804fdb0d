package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One ECS Fargate task started for each run by an EventBridge Scheduler schedule. Components: {@code fargate.vcpu}
 * (vCPU-hours) and {@code fargate.memory} (GB-hours), each over the billed time: the image pull (a modelled
 * assumption) plus the job, rounded up to the book's second and at least its minute; {@code fargate.ephemeralStorage}
 * (GB-hours above the included 20 GiB); {@code fargate.publicIpv4} (the task's public address while it runs, prorated
 * by the second, modelled); {@code scheduler.invocations} with its always-free credit; and the hidden costs. Nothing
 * is kept between runs: the cost of a run times the runs is the month.
 */
final class FargatePricing {
    static final String MODEL = "fargate";

    private final PriceBook book;
    private final HiddenCosts hidden;
    private final DeploymentCosts deployment;

    FargatePricing(PriceBook book) {
        this.book = requireNonNull(book, "book");
        this.hidden = new HiddenCosts(book);
        this.deployment = new DeploymentCosts(book);
    }

    static String variantId(FargateTask t) {
        return "fargate-" + Money.plain(t.vcpu(), 3) + "vcpu-" + Money.plain(t.memoryGb(), 3) + "gb-" + t.arch();
    }

    /** The image pull time priced: the task's, else the book's assumption. */
    BigDecimal imagePullSeconds(FargateTask t) {
        return t.imagePullSeconds() != null
                ? t.imagePullSeconds()
                : book.line("fargate.assumption.imagePullSeconds").decimal();
    }

    VariantCost price(Scenario s, FargateTask t) {
        List<String> notes = new ArrayList<>();
        boolean feasible = t.validSize();
        if (!feasible) {
            notes.add("Fargate offers no task of " + Money.plain(t.vcpu(), 3) + " vCPU with "
                    + Money.plain(t.memoryGb(), 3) + " GB (fargate.limits.taskSizes)");
        }
        BigDecimal runMs = t.durationMs() != null
                ? t.durationMs()
                : s.ec2().durationMs() != null ? s.ec2().durationMs() : s.run().durationMs();
        BigDecimal pull = imagePullSeconds(t);
        PriceLine minimum = book.line("fargate.billing.minimumSeconds");
        PriceLine granularity = book.line("fargate.billing.granularitySeconds");
        BigDecimal upSeconds = pull.add(Billing.seconds(runMs));
        BigDecimal billedSeconds =
                Billing.ceilTo(upSeconds, granularity.decimal()).max(minimum.decimal());
        BigDecimal runs = s.schedule().runsPerMonth();
        List<CostLine> perRun = lines(s, t, billedSeconds, BigDecimal.ONE, pull, runMs);
        List<CostLine> lines = new ArrayList<>(lines(s, t, billedSeconds, runs, pull, runMs));
        lines.addAll(scheduler(runs));
        // Until the deployment data lists a Fargate stack, its resources beside compute are the EC2 stack's: the
        // same runner with the same alarms, metrics and VPC; its public address is priced above, by the second.
        boolean own = deployment.hasVariant(s, MODEL);
        DeploymentCosts.Bill bill = deployment.bill(
                s,
                own ? MODEL : "ec2",
                BigDecimal.ZERO,
                Billing.perRuns(s.hidden().logBytesPerRun(), runs));
        lines.addAll(bill.lines().stream()
                .filter(l -> own || !l.component().equals("deploy.publicIpv4"))
                .toList());
        notes.addAll(bill.notes());
        if (!own && s.deployment().present()) {
            notes.add("modelled: the deployment data has no fargate stack; its resources beside compute are priced as"
                    + " the ec2 stack's (the same runner, alarms, metrics and VPC), without the instance's address");
        }
        notes.add("image pull " + Money.plain(pull, 3)
                + " s is modelled, not measured (fargate.assumption.imagePullSeconds"
                + (t.imagePullSeconds() != null ? ", overridden" : "") + "); Fargate bills from the start of the pull");
        notes.add("perRunUsd excludes the scheduler line and the deployment's monthly lines");
        return new VariantCost(
                variantId(t),
                MODEL,
                "Fargate " + Money.plain(t.vcpu(), 3) + " vCPU " + Money.plain(t.memoryGb(), 3) + " GB " + t.arch()
                        + " per run",
                feasible,
                runs,
                Billing.sum(perRun),
                Billing.sum(lines),
                lines,
                notes);
    }

    private List<CostLine> lines(
            Scenario s, FargateTask t, BigDecimal billedSeconds, BigDecimal runs, BigDecimal pull, BigDecimal runMs) {
        BigDecimal hours = Billing.hours(Billing.perRuns(billedSeconds, runs));
        String how = String.format(
                "%s runs x %s s billed (image pull %s s + run %s s, rounded up to %s s, minimum %s s)",
                Money.plain(runs, 4),
                Money.plain(billedSeconds, 3),
                Money.plain(pull, 3),
                Money.plain(Billing.seconds(runMs), 3),
                book.line("fargate.billing.granularitySeconds").value(),
                book.line("fargate.billing.minimumSeconds").value());
        List<CostLine> lines = new ArrayList<>();
        lines.add(CostLine.of(
                "fargate.vcpu",
                book.line("fargate." + t.arch() + ".vcpuHour"),
                hours.multiply(t.vcpu()),
                how + " x " + Money.plain(t.vcpu(), 3) + " vCPU"));
        lines.add(CostLine.of(
                "fargate.memory",
                book.line("fargate." + t.arch() + ".gbHour"),
                hours.multiply(t.memoryGb()),
                how + " x " + Money.plain(t.memoryGb(), 3) + " GB"));
        BigDecimal included = book.line("fargate.ephemeralStorage.includedGb").decimal();
        BigDecimal extraGb = BigDecimal.valueOf(t.ephemeralStorageGb()).subtract(included);
        if (extraGb.signum() > 0) {
            lines.add(CostLine.of(
                    "fargate.ephemeralStorage",
                    book.line("fargate.ephemeralStorage.gbHour"),
                    hours.multiply(extraGb),
                    Money.plain(extraGb, 0) + " GB above the included " + Money.plain(included, 0) + " GB"));
        }
        if (t.publicIpv4()) {
            lines.add(CostLine.of(
                    "fargate.publicIpv4",
                    book.line("vpc.publicIpv4.hour"),
                    hours,
                    "modelled: the task's public address (public subnet, no NAT) while it runs, prorated by the"
                            + " second"));
        }
        lines.addAll(hidden.lines(s, runs));
        return lines;
    }

    /** The schedule's invocations and the always-free allowance that covers them. */
    List<CostLine> scheduler(BigDecimal runs) {
        PriceLine price = book.line("scheduler.invocations");
        PriceLine free = book.line("scheduler.freeTier.invocations");
        return List.of(
                CostLine.of("scheduler.invocations", price, runs, "one EventBridge Scheduler invocation per run"),
                CostLine.of(
                        "scheduler.freeTier.invocations",
                        price,
                        runs.min(free.decimal()).negate(),
                        "always free (" + free.id() + ": " + free.value() + " invocations/month)"));
    }
}
