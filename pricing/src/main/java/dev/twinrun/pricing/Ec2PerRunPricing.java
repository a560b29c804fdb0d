package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One EC2 instance started for each run and stopped after it. Components: {@code ec2.instance} (instance-hours: boot,
 * run and shutdown time rounded up to the book's billing unit, at least its minimum, per run; an hourly rate derived
 * as month / 730 h when the book prices the type per month), {@code ebs.gp3} (GB-month, kept all month) and the hidden
 * costs. The cost of a run is its instance time and hidden costs plus the month's EBS over its runs (as EC2 always
 * on's includes EBS), without the deployment's monthly lines.
 */
final class Ec2PerRunPricing implements VariantPricing {
    static final String MODEL = "ec2-per-run";

    private final PriceBook book;
    private final Ec2Rates rates;
    private final HiddenCosts hidden;
    private final DeploymentCosts deployment;

    Ec2PerRunPricing(PriceBook book) {
        this.book = requireNonNull(book, "book");
        this.rates = new Ec2Rates(book);
        this.hidden = new HiddenCosts(book);
        this.deployment = new DeploymentCosts(book);
    }

    static String variantId(String instanceType) {
        return "ec2-" + instanceType + "-per-run";
    }

    /** Says the boot time is an assumption, and whether it is the book's ({@code ec2.assumption.bootSeconds}). */
    private String bootNote(BigDecimal bootSeconds) {
        String what = "boot " + Money.plain(bootSeconds, 3) + " s is modelled, not measured";
        return book.find("ec2.assumption.bootSeconds")
                .map(l -> l.decimal().compareTo(bootSeconds) == 0
                        ? what + " (" + l.id() + ", " + l.source() + ")"
                        : what + " (the scenario's ec2.bootSeconds; the book's " + l.id() + " is " + l.value() + " s)")
                .orElse(what + " (the scenario's ec2.bootSeconds)");
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public VariantCost price(Scenario s) {
        String type = s.ec2().instanceType();
        List<String> notes = new ArrayList<>();
        PriceLine minimum = rates.minimumSeconds();
        PriceLine granularity = rates.granularitySeconds();
        BigDecimal runSeconds = Billing.seconds(
                s.ec2().durationMs() != null ? s.ec2().durationMs() : s.run().durationMs());
        BigDecimal upSeconds = s.ec2().bootSeconds().add(runSeconds).add(s.ec2().shutdownSeconds());
        BigDecimal billedSeconds =
                Billing.ceilTo(upSeconds, granularity.decimal()).max(minimum.decimal());
        BigDecimal runs = s.schedule().runsPerMonth();
        BigDecimal instanceHours = Billing.hours(Billing.perRuns(billedSeconds, runs));
        String how = String.format(
                "%s runs x %s s billed (boot %s s + run %s s + shutdown %s s, rounded up to %s s, minimum %s s)",
                Money.plain(runs, 4),
                Money.plain(billedSeconds, 3),
                Money.plain(s.ec2().bootSeconds(), 3),
                Money.plain(runSeconds, 3),
                Money.plain(s.ec2().shutdownSeconds(), 3),
                granularity.value(),
                minimum.value());
        Ec2Rates.InstanceRate rate = rates.instance(type);
        CostLine instanceLine;
        if (!rate.monthly()) {
            instanceLine = CostLine.of("ec2.instance", rate.line(), instanceHours, how);
        } else {
            instanceLine = CostLine.derived(
                    "ec2.instance",
                    rate.line(),
                    instanceHours,
                    Scenario.HOURS_PER_MONTH,
                    "instance-hour",
                    how + "; hourly rate derived as month / 730 h");
            notes.add(
                    "hourly rate derived from the monthly price " + rate.line().id() + " / 730 h");
        }
        List<CostLine> lines = new ArrayList<>();
        lines.add(instanceLine);
        lines.addAll(rates.freeTier(s, instanceLine, instanceHours, notes));
        lines.addAll(rates.ebs(s));
        lines.addAll(hidden.lines(s, runs));
        // The per-run stack's own resources when the deployment data lists them, else the always-on stack's.
        String group = deployment.hasVariant(s, "ec2-per-run") ? "ec2-per-run" : "ec2";
        DeploymentCosts.Bill bill = deployment.bill(
                s, group, instanceHours, Billing.perRuns(s.hidden().logBytesPerRun(), runs));
        lines.addAll(bill.lines());
        notes.addAll(bill.notes());
        BigDecimal perRunInstance =
                Billing.hours(instanceLine.priceUsd().multiply(billedSeconds)).divide(instanceLine.per(), Billing.MC);
        BigDecimal ebsPerRun = runs.signum() == 0 ? BigDecimal.ZERO : Billing.perRun(Billing.sum(rates.ebs(s)), runs);
        BigDecimal perRun = perRunInstance.add(ebsPerRun).add(Billing.sum(hidden.lines(s, BigDecimal.ONE)));
        notes.add(bootNote(s.ec2().bootSeconds()));
        notes.add("perRunUsd includes EBS spread over the month's runs, as EC2 always on's does, and excludes the"
                + " deployment's monthly lines");
        return new VariantCost(
                variantId(type),
                MODEL,
                "EC2 " + type + " started per run",
                true,
                runs,
                perRun,
                Billing.sum(lines),
                lines,
                notes);
    }
}
