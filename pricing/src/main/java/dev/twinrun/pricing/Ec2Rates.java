package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The book's EC2 prices both EC2 variants use: an instance type's rate (per hour, else per month), the per-second
 * billing rules of a started instance, and the EBS gp3 volume ({@code ebs.gp3}, GB-month) kept all month.
 */
final class Ec2Rates {
    private final PriceBook book;

    Ec2Rates(PriceBook book) {
        this.book = requireNonNull(book, "book");
    }

    /** An instance type's price line and whether it is per month ({@code ec2.<type>.month}) rather than per hour. */
    record InstanceRate(PriceLine line, boolean monthly) {}

    /** The type's hourly line, else its monthly line, else an error naming the types the book prices. */
    InstanceRate instance(String type) {
        Optional<PriceLine> hour = book.find("ec2." + type + ".hour");
        if (hour.isPresent()) {
            return new InstanceRate(hour.get(), false);
        }
        Optional<PriceLine> month = book.find("ec2." + type + ".month");
        if (month.isPresent()) {
            return new InstanceRate(month.get(), true);
        }
        throw unknownInstance(type);
    }

    /** The least time a start is billed for. */
    PriceLine minimumSeconds() {
        return book.line("ec2.billing.minimumSeconds");
    }

    /** The unit a started instance's time is rounded up to. */
    PriceLine granularitySeconds() {
        return book.line("ec2.billing.granularitySeconds");
    }

    /** The EBS gp3 volume for the month; none for a zero-size volume. */
    List<CostLine> ebs(Scenario s) {
        if (s.ec2().ebsGb().signum() == 0) {
            return List.of();
        }
        return List.of(CostLine.of(
                "ebs.gp3",
                book.line("ebs.gp3.gbMonth"),
                s.ec2().ebsGb(),
                "volume kept all month (one scenario month = one GB-month)"));
    }

    /**
     * The EC2 free-tier credit on an instance line when the scenario switches it on ({@code discounts.ec2FreeTier}):
     * up to {@code ec2.freeTier.hours} a month of t2.micro, or of t3.micro where the book prices no t2.micro; none
     * otherwise, with a note saying why.
     */
    List<CostLine> freeTier(Scenario s, CostLine instance, BigDecimal hours, List<String> notes) {
        if (!s.discounts().ec2FreeTier()) {
            return List.of();
        }
        Optional<PriceLine> free = book.find("ec2.freeTier.hours");
        String type = s.ec2().instanceType();
        if (free.isEmpty()) {
            notes.add("EC2 free tier on, but price book " + book.id() + " has no ec2.freeTier.hours: not applied");
            return List.of();
        }
        boolean eligible = type.equals("t2.micro")
                || type.equals("t3.micro") && book.find("ec2.t2.micro.hour").isEmpty();
        if (!eligible) {
            notes.add("EC2 free tier on, but " + type + " is not free-tier eligible here ("
                    + free.get().id() + ": t2.micro, or t3.micro where t2.micro is absent): not applied");
            return List.of();
        }
        BigDecimal credited = hours.min(free.get().decimal()).negate();
        notes.add("EC2 free tier on: only for accounts that qualify ("
                + free.get().description() + ")");
        return List.of(new CostLine(
                "ec2.freeTier.hours",
                instance.priceLineId(),
                credited,
                instance.unit(),
                instance.priceUsd(),
                instance.per(),
                credited.multiply(instance.priceUsd()).divide(instance.per(), Billing.MC),
                "free tier (" + free.get().id() + ": " + free.get().value() + " instance-hours/month) deducted"));
    }

    private IllegalArgumentException unknownInstance(String type) {
        List<String> known = book.lines().stream()
                .map(PriceLine::id)
                .filter(id -> id.startsWith("ec2.") && (id.endsWith(".hour") || id.endsWith(".month")))
                .map(id -> id.substring(4, id.lastIndexOf('.')))
                .toList();
        return new IllegalArgumentException(
                "price book " + book.id() + " has no price for instance type " + type + "; it prices " + known);
    }
}
