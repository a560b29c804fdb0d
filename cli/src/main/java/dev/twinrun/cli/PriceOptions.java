package dev.twinrun.cli;

import dev.twinrun.pricing.Scenario;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that change how a scenario is priced, shared by {@code cost}, {@code compare} and {@code report build}:
 * price book, schedule, instance type, free tier, INIT billing, EBS size.
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
            description = "Apply the Lambda free tier (default: off).")
    Boolean freeTier;

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
            s = s.withFreeTier(freeTier);
        }
        if (initBilled != null) {
            s = s.withInitBilled(initBilled);
        }
        if (ebsGb != null) {
            s = s.withEbsGb(ebsGb);
        }
        return s;
    }

    /** The options as given, for a command line that repeats them. */
    List<String> args() {
        List<String> a = new ArrayList<>();
        add(a, "--price-book", priceBook);
        add(a, "--runs-per-day", runsPerDay == null ? null : runsPerDay.toPlainString());
        add(a, "--days-per-month", daysPerMonth == null ? null : daysPerMonth.toPlainString());
        add(a, "--instance-type", instanceType);
        add(a, "--free-tier", freeTier == null ? null : freeTier.toString());
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
