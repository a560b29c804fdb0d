package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One EC2 instance on all month. Components: {@code ec2.instance} (the month's hours at the hourly price, or one
 * month at the book's monthly price), {@code ebs.gp3} (GB-month) and the hidden costs. The cost of a run is the month
 * divided by its runs.
 */
final class Ec2AlwaysOnPricing implements VariantPricing {
    static final String MODEL = "ec2-always-on";

    private final Ec2Rates rates;
    private final HiddenCosts hidden;
    private final DeploymentCosts deployment;

    Ec2AlwaysOnPricing(PriceBook book) {
        requireNonNull(book, "book");
        this.rates = new Ec2Rates(book);
        this.hidden = new HiddenCosts(book);
        this.deployment = new DeploymentCosts(book);
    }

    static String variantId(String instanceType) {
        return "ec2-" + instanceType + "-always-on";
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public VariantCost price(Scenario s) {
        String type = s.ec2().instanceType();
        List<String> notes = new ArrayList<>();
        List<CostLine> lines = new ArrayList<>();
        Ec2Rates.InstanceRate rate = rates.instance(type);
        if (!rate.monthly()) {
            BigDecimal hours = s.schedule().hoursPerMonth();
            CostLine instance = CostLine.of(
                    "ec2.instance",
                    rate.line(),
                    hours,
                    Money.plain(hours, 4) + " h in the scenario's month"
                            + (s.schedule().daysPerMonth() == null ? " (730 h)" : ""));
            lines.add(instance);
            lines.addAll(rates.freeTier(s, instance, hours, notes));
        } else {
            lines.add(CostLine.of("ec2.instance", rate.line(), BigDecimal.ONE, "the book prices this type per month"));
            if (s.discounts().ec2FreeTier()) {
                notes.add("EC2 free tier on, but the book prices " + type + " per month: not applied");
            }
            notes.add("instance priced per month by the book (" + rate.line().id() + "), whatever the month's length");
        }
        lines.addAll(rates.ebs(s));
        BigDecimal runs = s.schedule().runsPerMonth();
        lines.addAll(hidden.lines(s, runs));
        DeploymentCosts.Bill bill = deployment.bill(
                s,
                "ec2",
                s.schedule().hoursPerMonth(),
                Billing.perRuns(s.hidden().logBytesPerRun(), runs));
        lines.addAll(bill.lines());
        notes.addAll(bill.notes());
        BigDecimal total = Billing.sum(lines);
        notes.add("perRunUsd is the month divided by the runs in it");
        return new VariantCost(
                variantId(type),
                MODEL,
                "EC2 " + type + " always on",
                true,
                runs,
                Billing.perRun(total, runs),
                total,
                lines,
                notes);
    }
}
