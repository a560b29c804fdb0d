package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Savings Plans commitment as a percentage per side ({@link Scenario.Discounts}), applied to compute lines only:
 * after each priced line group ({@code lambda.duration}, {@code ec2.instance}, {@code fargate.vcpu},
 * {@code fargate.memory}, net of its free-tier credit) a credit line {@code <component>.commitment} with the negative
 * share of its quantity, at the same price line, saying so. Requests, storage, CloudWatch and the deployment's lines
 * are never discounted. The maximum discounts are the book's {@code savingsPlans.compute.lambda.maxPercent},
 * {@code savingsPlans.compute.maxPercent} (EC2, Fargate) and {@code savingsPlans.ec2Instance.maxPercent} (EC2 only).
 */
final class Commitments {
    static final String SUFFIX = ".commitment";

    private final PriceBook book;

    Commitments(PriceBook book) {
        this.book = requireNonNull(book, "book");
    }

    /** The cost with the scenario's commitments applied; the same cost when it has none. */
    VariantCost apply(Scenario s, VariantCost cost) {
        Scenario.Discounts d = s.discounts();
        if (!d.anyCommitment()) {
            return cost;
        }
        List<CostLine> lines = new ArrayList<>();
        Map<String, List<CostLine>> groups = new LinkedHashMap<>();
        for (CostLine l : cost.monthlyLines()) {
            Optional<String> group = group(l.component());
            if (group.isPresent()) {
                groups.computeIfAbsent(group.get() + "|" + l.priceLineId(), k -> new ArrayList<>())
                        .add(l);
            }
        }
        List<String> notes = new ArrayList<>(cost.notes());
        for (CostLine l : cost.monthlyLines()) {
            lines.add(l);
            Optional<String> group = group(l.component());
            if (group.isEmpty()) {
                continue;
            }
            List<CostLine> members = groups.get(group.get() + "|" + l.priceLineId());
            if (members.get(members.size() - 1) != l) {
                continue;
            }
            Side side = side(group.get(), d);
            if (side.percent().signum() == 0) {
                continue;
            }
            BigDecimal net = members.stream().map(CostLine::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal credit = net.max(BigDecimal.ZERO)
                    .multiply(side.percent())
                    .divide(BigDecimal.valueOf(100), Billing.MC)
                    .negate();
            CostLine first = members.get(0);
            lines.add(new CostLine(
                    group.get() + SUFFIX,
                    first.priceLineId(),
                    credit,
                    first.unit(),
                    first.priceUsd(),
                    first.per(),
                    credit.multiply(first.priceUsd()).divide(first.per(), Billing.MC),
                    Money.plain(side.percent(), 2) + " % " + side.what() + " commitment on " + group.get()
                            + " (modelled: the scenario's discounts." + side.field() + "; " + side.limit() + ")"));
        }
        if (lines.size() == cost.monthlyLines().size()) {
            return cost;
        }
        notes.add("commitments applied to compute lines only (" + SUFFIX.substring(1)
                + " lines); perRunUsd is without them");
        return new VariantCost(
                cost.variantId(),
                cost.model(),
                cost.label(),
                cost.feasible(),
                cost.runsPerMonth(),
                cost.perRunUsd(),
                Billing.sum(lines),
                lines,
                notes);
    }

    /** The commitment of one side; throws when the percentage exceeds the book's maximum for it. */
    private Side side(String group, Scenario.Discounts d) {
        if (group.startsWith("lambda.")) {
            return side(
                    d.lambdaCommitmentPercent(),
                    "lambdaCommitmentPercent",
                    "Compute Savings Plan",
                    "savingsPlans.compute.lambda.maxPercent");
        }
        if (group.startsWith("fargate.")) {
            // The server side's percentage may be an EC2 Instance Savings Plan's, above what Fargate can get.
            Optional<PriceLine> max = book.find("savingsPlans.compute.maxPercent");
            if (max.isPresent() && d.ec2CommitmentPercent().compareTo(max.get().decimal()) > 0) {
                return new Side(
                        max.get().decimal(),
                        "ec2CommitmentPercent",
                        "Compute Savings Plan",
                        "capped at " + max.get().value() + " %, savingsPlans.compute.maxPercent");
            }
            return side(
                    d.ec2CommitmentPercent(),
                    "ec2CommitmentPercent",
                    "Compute Savings Plan",
                    "savingsPlans.compute.maxPercent");
        }
        return side(
                d.ec2CommitmentPercent(),
                "ec2CommitmentPercent",
                "Savings Plans",
                "savingsPlans.ec2Instance.maxPercent");
    }

    private Side side(BigDecimal percent, String field, String what, String maxLine) {
        Optional<PriceLine> max = book.find(maxLine);
        if (max.isEmpty()) {
            return new Side(percent, field, what, "price book " + book.id() + " has no " + maxLine);
        }
        if (percent.compareTo(max.get().decimal()) > 0) {
            throw new IllegalArgumentException("discounts." + field + " " + percent.toPlainString()
                    + " % exceeds the most " + what + " gives (" + maxLine + " = "
                    + max.get().value() + " %, "
                    + max.get().source() + ")");
        }
        return new Side(percent, field, what, "at most " + max.get().value() + " %, " + maxLine);
    }

    private record Side(BigDecimal percent, String field, String what, String limit) {}

    /** The compute group a line belongs to, if it is a compute line (its free-tier credit included). */
    static Optional<String> group(String component) {
        if (component.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        if (component.equals("lambda.duration") || component.equals("lambda.freeTier.gbSeconds")) {
            return Optional.of("lambda.duration");
        }
        if (component.equals("ec2.instance") || component.equals("ec2.freeTier.hours")) {
            return Optional.of("ec2.instance");
        }
        if (component.equals("fargate.vcpu") || component.equals("fargate.memory")) {
            return Optional.of(component);
        }
        return Optional.empty();
    }
}
