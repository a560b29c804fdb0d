package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lambda Managed Instances, priced only (twinrun deploys no capacity provider): its instances on all month at the EC2
 * on-demand price ({@code lmi.instances}), the management fee on that price ({@code lmi.managementFee}), the requests
 * ({@code lambda.requests}; no duration charge) and the hidden costs. The instance count is the documented default
 * (three); the type is modelled as the cheapest non-burstable type of the function's architecture the book describes
 * that holds the documented minimum execution environment (2 GB, 1 vCPU), since Lambda chooses the types.
 */
final class LambdaManagedInstances {
    static final String MODEL = "lambda-managed-instances";

    private final PriceBook book;
    private final Ec2Rates rates;
    private final HiddenCosts hidden;

    LambdaManagedInstances(PriceBook book) {
        this.book = requireNonNull(book, "book");
        this.rates = new Ec2Rates(book);
        this.hidden = new HiddenCosts(book);
    }

    /** The modelled instance type: the cheapest non-burstable type in the book that fits; the arch's first. */
    Optional<String> instanceType(String arch) {
        int minMb =
                book.line("lambdaManagedInstances.limits.memoryMbMin").decimal().intValue();
        Comparator<PriceBook.InstanceSpec> byPrice =
                Comparator.comparing(i -> rates.instance(i.type()).line().decimal());
        List<PriceBook.InstanceSpec> fits = book.instances().stream()
                .filter(i -> !i.burstable() && i.vcpus() >= 1 && i.memoryMib() >= minMb)
                .filter(i -> book.find("ec2." + i.type() + ".hour").isPresent())
                .toList();
        return fits.stream()
                .filter(i -> arch.equals(i.arch()))
                .min(byPrice)
                .or(() -> fits.stream().min(byPrice))
                .map(PriceBook.InstanceSpec::type);
    }

    VariantCost price(Scenario s) {
        String arch = s.lambda().arch();
        String type = instanceType(arch)
                .orElseThrow(() -> new IllegalArgumentException("price book " + book.id()
                        + " describes no non-burstable instance type for Lambda Managed Instances"));
        PriceLine count = book.line("lambdaManagedInstances.defaultInstances");
        BigDecimal hours = s.schedule().hoursPerMonth().multiply(count.decimal());
        PriceLine rate = rates.instance(type).line();
        List<CostLine> lines = new ArrayList<>();
        CostLine instances = CostLine.of(
                "lmi.instances",
                rate,
                hours,
                count.value() + " instances (" + count.id() + ") x "
                        + Money.plain(s.schedule().hoursPerMonth(), 4)
                        + " h; " + type
                        + " modelled: Lambda picks the type, this is the cheapest the book has that holds"
                        + " one 2 GB / 1 vCPU execution environment");
        lines.add(instances);
        lines.add(CostLine.of(
                "lmi.managementFee",
                book.line("lambdaManagedInstances.managementFee"),
                instances.costUsd(),
                "15 % of the instances' EC2 on-demand price"));
        BigDecimal runs = s.schedule().runsPerMonth();
        book.find("lambda.requests")
                .ifPresent(r -> lines.add(CostLine.of("lambda.requests", r, runs, "one request per run")));
        lines.addAll(hidden.lines(s, runs));
        BigDecimal total = Billing.sum(lines);
        BigDecimal busyHours =
                Billing.hours(Billing.perRuns(Billing.seconds(s.run().durationMs()), runs));
        List<String> notes = new ArrayList<>();
        notes.add("priced only: twinrun deploys no Lambda Managed Instances capacity provider");
        notes.add("why it does not pay for one hourly job: it keeps " + count.value() + " instances on all month ("
                + Money.plain(hours, 0) + " instance-hours) for a job busy about " + Money.plain(busyHours, 1)
                + " h a month; it pays when steady traffic keeps the instances busy, where EC2 Savings Plans also"
                + " apply");
        return new VariantCost(
                "lmi-" + type + "-x" + count.value(),
                MODEL,
                "Lambda Managed Instances " + count.value() + " x " + type + " (priced only)",
                true,
                runs,
                Billing.perRun(total, runs),
                total,
                lines,
                notes);
    }
}
