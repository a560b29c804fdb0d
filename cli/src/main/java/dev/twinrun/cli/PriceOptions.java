package dev.twinrun.cli;

import dev.twinrun.pricing.Scenario;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options that change how a scenario is priced, shared by {@code cost}, {@code compare} and {@code report build}:
 * price book, schedule, instance type, free tiers, commitments, INIT billing, EBS size.
 */
public final class PriceOptions {
    @Option(
            names = "--price-book",
            paramLabel = "FILE|NAME",
            description = "Price book file or name: seed-2017, aws-us-east-1-2026.")
    String priceBook;

    @Option(names = "--runs-per-day", description = "Runs a day (compare also reports the seed's 24/day x 30 days).")
    BigDecimal runsPerDay;

    @Option(names = "--days-per-month", description = "Days a month (the scenario's, else 730 h).")
    BigDecimal daysPerMonth;

    @Option(
            names = "--instance-type",
            description =
                    "EC2 instance type priced, e.g. t3.micro (compare: also the vCPUs and memory its cron tick's JVM gets).")
    String instanceType;

    @Option(
            names = "--free-tier",
            arity = "0..1",
            fallbackValue = "true",
            paramLabel = "SIDES",
            description = "Free tiers to apply: true or false (Lambda's, as before), or a list of lambda, ec2 (750 h of"
                    + " t2.micro, accounts that qualify), services (CloudWatch, SQS, SNS, Step Functions, S3), all,"
                    + " none; the sides not listed are off (default: off).")
    String freeTier;

    @Option(
            names = "--commitment",
            paramLabel = "SIDE=PERCENT",
            split = ",",
            description = "Savings Plans discount per side on compute lines only, e.g. lambda=17,ec2=30 (at most the"
                    + " book's savingsPlans.*.maxPercent: 17 for Lambda, 72 for EC2; default 0). The verdict is also"
                    + " given without it.")
    Map<String, BigDecimal> commitment;

    @Option(
            names = "--init-billed",
            arity = "1",
            description = "Bill Lambda INIT: true or false (default: as the price book says).")
    Boolean initBilled;

    @Option(names = "--ebs-gb", description = "EBS gp3 volume size in GB.")
    BigDecimal ebsGb;

    /** The scenario with every given option applied (each edit keeps the scenario's other fields). */
    Scenario apply(Scenario s) {
        if (priceBook != null) {
            s = s.withPriceBook(priceBook);
        }
        if (runsPerDay != null) {
            s = s.withRunsPerDay(runsPerDay);
        }
        if (daysPerMonth != null) {
            s = s.withDaysPerMonth(daysPerMonth);
        }
        if (instanceType != null) {
            s = s.withInstanceType(instanceType);
        }
        if (freeTier != null) {
            s = freeTier(s, freeTier);
        }
        if (commitment != null) {
            for (String side : commitment.keySet()) {
                if (!Set.of("lambda", "ec2").contains(side)) {
                    throw new IllegalArgumentException(
                            "--commitment: side must be lambda or ec2, got " + side + " (e.g. lambda=17,ec2=30)");
                }
            }
            s = s.withDiscounts(s.discounts()
                    .withCommitments(
                            commitment.getOrDefault("lambda", s.discounts().lambdaCommitmentPercent()),
                            commitment.getOrDefault("ec2", s.discounts().ec2CommitmentPercent())));
        }
        if (initBilled != null) {
            s = s.withInitBilled(initBilled);
        }
        if (ebsGb != null) {
            s = s.withEbsGb(ebsGb);
        }
        return s;
    }

    /** Applies {@code --free-tier}: true/false switch Lambda's alone (as before); a list sets each side. */
    static Scenario freeTier(Scenario s, String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return s.withFreeTier(Boolean.parseBoolean(v));
        }
        Set<String> sides = new java.util.HashSet<>();
        for (String side : v.split(",")) {
            String t = side.trim();
            switch (t) {
                case "all" -> sides.addAll(Set.of("lambda", "ec2", "services"));
                case "none" -> {}
                case "lambda", "ec2", "services" -> sides.add(t);
                default ->
                    throw new IllegalArgumentException(
                            "--free-tier: " + t + " is not one of true, false, lambda, ec2, services, all, none");
            }
        }
        return s.withFreeTier(sides.contains("lambda"))
                .withDiscounts(s.discounts().withEc2FreeTier(sides.contains("ec2")))
                .withDeployment(s.deployment().withFreeTier(sides.contains("services")));
    }

    /** The options as given, for a command line that repeats them. */
    List<String> args() {
        List<String> a = new ArrayList<>();
        add(a, "--price-book", priceBook);
        add(a, "--runs-per-day", runsPerDay == null ? null : runsPerDay.toPlainString());
        add(a, "--days-per-month", daysPerMonth == null ? null : daysPerMonth.toPlainString());
        add(a, "--instance-type", instanceType);
        add(a, "--free-tier", freeTier);
        if (commitment != null) {
            add(
                    a,
                    "--commitment",
                    String.join(
                            ",",
                            commitment.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue().toPlainString())
                                    .toList()));
        }
        add(a, "--init-billed", initBilled == null ? null : initBilled.toString());
        add(a, "--ebs-gb", ebsGb == null ? null : ebsGb.toPlainString());
        return a;
    }

    private static void add(List<String> a, String option, String value) {
        if (value != null) {
            a.add(option + "=" + value);
        }
    }
}
