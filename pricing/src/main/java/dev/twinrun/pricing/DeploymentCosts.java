package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The month's lines for what a variant's deployment creates beside compute, from the scenario's
 * {@link Scenario.DeploymentUsage} joined with {@link ResourceRules}: public IPv4, S3 storage, the failure queue, the
 * alarm topic, log storage, VPC flow logs, alarms, dashboards and the EMF custom metrics the variant writes. A
 * variant pays its own stack's resources and the shared ones (the data bucket, the dashboard), as it would deployed
 * alone. A billable resource without a rule is a {@code warning:} note; a resource with no use this month is a
 * {@code free at this usage:} note naming the free-tier line that covers it.
 */
final class DeploymentCosts {
    /** Components of the lines this class adds. */
    static final String PREFIX = "deploy.";

    private static final Map<String, Deployment> LOADED = new ConcurrentHashMap<>();
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    /**
     * The size of one S3 server access log record (modelled: a record is one line of some 20 space-separated
     * fields, typically 300-500 bytes; docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html).
     */
    private static final BigDecimal ACCESS_LOG_RECORD_BYTES = BigDecimal.valueOf(500);

    private final PriceBook book;

    DeploymentCosts(PriceBook book) {
        this.book = requireNonNull(book, "book");
    }

    /** The deployment lines of one variant, and the notes (warnings, free at this usage). */
    record Bill(List<CostLine> lines, List<String> notes) {}

    /** Whether the scenario's deployment data has a stack of {@code variant}; false without deployment data. */
    boolean hasVariant(Scenario s, String variant) {
        Scenario.DeploymentUsage u = s.deployment();
        return u.present()
                && LOADED.computeIfAbsent(u.inventory(), Deployment::load).hasVariant(variant);
    }

    /**
     * The bill of {@code variant} ({@code lambda}, {@code ec2}, {@code fanout}) for the scenario's month.
     *
     * @param instanceHours the hours the variant's EC2 instance runs this month (0 for Lambda)
     * @param logBytesPerMonth the job's log bytes ingested this month (what its log group stores)
     */
    Bill bill(Scenario s, String variant, BigDecimal instanceHours, BigDecimal logBytesPerMonth) {
        Scenario.DeploymentUsage u = s.deployment();
        List<CostLine> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!u.present()) {
            return new Bill(lines, notes);
        }
        Deployment d = LOADED.computeIfAbsent(u.inventory(), Deployment::load);
        if (!d.hasVariant(variant)) {
            notes.add("deployment " + d.name() + " has no " + variant + " stack: only the shared resources are"
                    + " priced");
        }
        BigDecimal days = s.schedule().effectiveDaysPerMonth();
        Map<String, BigDecimal> freeTierUse = new LinkedHashMap<>();
        boolean jobLogsPlaced = false;
        for (Deployment.Resource r : d.of(variant)) {
            String what = r.type() + " " + r.logicalId();
            Optional<ResourceRules.Rule> found = ResourceRules.rule(r.type());
            if (found.isEmpty()) {
                if (r.billable()) {
                    notes.add("warning: " + what + " (" + r.stack() + ", bills " + r.billing()
                            + ") has no pricing rule: not in this bill");
                }
                continue;
            }
            ResourceRules.Rule rule = found.get();
            BigDecimal quantity;
            String note;
            switch (rule.meter()) {
                case COMPUTE -> {
                    continue;
                }
                case FREE -> {
                    if (r.billing().equals("hourly")) {
                        notes.add("warning: " + what + " bills by the hour (" + r.detail()
                                + "); the price book has no line for it: not in this bill");
                    }
                    continue;
                }
                case PUBLIC_IPV4 -> {
                    quantity = instanceHours;
                    note = Money.plain(instanceHours, 4) + " h the instance runs (public subnet, no NAT gateway)";
                }
                case S3_STORAGE -> {
                    if (r.property("accessLogsOf", null) != null) {
                        long requestsPerRun = s.hidden() == null
                                ? 0
                                : s.hidden().s3GetPerRun()
                                        + s.hidden().s3PutPerRun()
                                        + s.hidden().s3ListPerRun();
                        quantity = BigDecimal.valueOf(requestsPerRun)
                                .multiply(s.schedule().runsPerMonth())
                                .multiply(ACCESS_LOG_RECORD_BYTES)
                                .divide(GIB, MathContext.DECIMAL128);
                        note = "modelled: server access logs, one record of about " + ACCESS_LOG_RECORD_BYTES
                                + " bytes per S3 request of the job (" + requestsPerRun
                                + " a run, the scenario's hidden.s3), kept one month";
                    } else if (u.s3StoredGb() != null) {
                        quantity = u.s3StoredGb();
                        note = "scenario's deployment.s3StoredGb";
                    } else {
                        String expiry = r.property("inputExpirationDays", null);
                        BigDecimal keptDays = expiry == null ? days : new BigDecimal(expiry);
                        BigDecimal inputMb = u.inputMbPerRun() != null
                                ? u.inputMbPerRun()
                                : s.run().dataSizeMb();
                        quantity = inputMb.multiply(s.schedule().runsPerDay())
                                .multiply(keptDays)
                                .divide(BigDecimal.valueOf(1024), MathContext.DECIMAL128);
                        note = "modelled: " + Money.plain(inputMb, 3) + " MB input x "
                                + Money.plain(s.schedule().runsPerDay(), 3) + " runs/day kept "
                                + Money.plain(keptDays, 0) + " days ("
                                + (expiry == null
                                        ? "no expiration rule: one month"
                                        : "the bucket's raw-input expiration")
                                + "); outputs are small and not counted";
                    }
                }
                case SQS_REQUESTS -> {
                    quantity = u.failedRunsPerMonth();
                    note = "one SendMessage per failed run (deployment.failedRunsPerMonth)";
                }
                case SNS_REQUESTS -> {
                    quantity = u.failedRunsPerMonth().multiply(BigDecimal.valueOf(2));
                    note = "modelled: an alarm and its recovery per failed run";
                }
                case LOG_STORAGE -> {
                    String retention = r.property("retentionDays", null);
                    BigDecimal keptDays = retention == null ? BigDecimal.valueOf(365) : new BigDecimal(retention);
                    BigDecimal bytes;
                    String whose;
                    if (r.logicalId().toLowerCase(Locale.ROOT).contains("flowlog")) {
                        bytes = u.flowLogBytesPerHour().multiply(instanceHours);
                        whose = "flow-log records";
                    } else if (!jobLogsPlaced && r.variant().equals(variant)) {
                        bytes = logBytesPerMonth;
                        whose = "the job's logs";
                        jobLogsPlaced = true;
                    } else {
                        bytes = BigDecimal.ZERO;
                        whose = "no logs of the job";
                    }
                    BigDecimal monthGb = bytes.divide(GIB, MathContext.DECIMAL128);
                    quantity = monthGb.multiply(keptDays.min(days.multiply(BigDecimal.valueOf(12))))
                            .divide(days, MathContext.DECIMAL128);
                    note = "modelled steady state: " + whose + ", " + Money.plain(monthGb, 6) + " GB/month kept "
                            + (retention == null ? "forever (priced as one year)" : retention + " days")
                            + ", uncompressed (an upper bound)";
                }
                case FLOW_LOG_INGESTION -> {
                    quantity = u.flowLogBytesPerHour().multiply(instanceHours).divide(GIB, MathContext.DECIMAL128);
                    note = "modelled: " + Money.plain(u.flowLogBytesPerHour(), 0) + " bytes/h of "
                            + r.property("trafficType", "?") + " records (deployment.flowLogBytesPerHour) x "
                            + Money.plain(instanceHours, 4) + " h";
                }
                case ALARM -> {
                    quantity = BigDecimal.ONE;
                    note = "one standard-resolution alarm";
                }
                case DASHBOARD -> {
                    quantity = BigDecimal.ONE;
                    note = "one dashboard" + (r.variant().equals(Deployment.SHARED) ? " (shared stack)" : "");
                }
                case KMS_KEY -> {
                    quantity = BigDecimal.ONE;
                    note = "one customer managed key"
                            + ("true".equals(r.property("enableKeyRotation", null))
                                    ? " with yearly rotation: priced for its first year (each rotation adds $1/month"
                                            + " for the first two rotations)"
                                    : "");
                }
                default -> throw new IllegalStateException("unhandled meter " + rule.meter());
            }
            String component = component(rule.meter());
            Optional<PriceLine> price = book.find(rule.priceLines().get(0));
            if (price.isEmpty()) {
                notes.add("warning: " + what + ": price book " + book.id() + " has no line "
                        + rule.priceLines().get(0) + ": not in this bill");
                continue;
            }
            if (quantity.signum() == 0) {
                notes.add("free at this usage: " + what + " (" + note + ": 0 "
                        + price.get().unit() + ")"
                        + (rule.freeTierLine() == null ? "" : "; free tier " + rule.freeTierLine()));
                continue;
            }
            lines.add(CostLine.of(component, price.get(), quantity, what + ": " + note));
            if (rule.freeTierLine() != null) {
                freeTierUse.merge(rule.freeTierLine() + "|" + price.get().id(), quantity, BigDecimal::add);
            }
        }
        int metrics = u.emfMetrics().getOrDefault(variant, 0);
        if (metrics > 0) {
            PriceLine price = book.line("cloudwatch.metrics.custom");
            BigDecimal quantity = BigDecimal.valueOf(metrics);
            lines.add(CostLine.of(
                    PREFIX + "cloudwatch.metrics",
                    price,
                    quantity,
                    metrics + " EMF metrics x 1 dimension value (" + variant
                            + "), written every run: custom metrics (deployment.emfMetrics)"));
            freeTierUse.merge("cloudwatch.freeTier.metrics|" + price.id(), quantity, BigDecimal::add);
        }
        if (u.freeTier()) {
            credit(lines, notes, freeTierUse);
        }
        return new Bill(lines, notes);
    }

    /** The cost-line component of a meter. */
    static String component(ResourceRules.Meter meter) {
        return PREFIX
                + switch (meter) {
                    case PUBLIC_IPV4 -> "publicIpv4";
                    case S3_STORAGE -> "s3.storage";
                    case SQS_REQUESTS -> "sqs.requests";
                    case SNS_REQUESTS -> "sns.requests";
                    case LOG_STORAGE -> "logs.storage";
                    case FLOW_LOG_INGESTION -> "flowLogs.ingestion";
                    case ALARM -> "cloudwatch.alarms";
                    case DASHBOARD -> "cloudwatch.dashboards";
                    case KMS_KEY -> "kms.keys";
                    case COMPUTE, FREE -> meter.name().toLowerCase(Locale.ROOT);
                };
    }

    /**
     * Free-tier credits (negative quantities), per free-tier line up to its allowance; an allowance shared by several
     * price lines (the 5 GB of CloudWatch Logs) is used up in the order the lines appear.
     */
    private void credit(List<CostLine> lines, List<String> notes, Map<String, BigDecimal> use) {
        Map<String, BigDecimal> left = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> e : use.entrySet()) {
            String[] ids = e.getKey().split("\\|");
            Optional<PriceLine> free = book.find(ids[0]);
            if (free.isEmpty()) {
                continue;
            }
            BigDecimal allowance = left.computeIfAbsent(ids[0], k -> free.get().decimal());
            BigDecimal credited = e.getValue().min(allowance);
            left.put(ids[0], allowance.subtract(credited));
            if (credited.signum() == 0) {
                continue;
            }
            lines.add(CostLine.of(
                    PREFIX + "freeTier." + ids[1],
                    book.line(ids[1]),
                    credited.negate(),
                    "free tier (" + free.get().id() + ": " + free.get().value() + " "
                            + free.get().unit() + " a month, the account's whole allowance) deducted"));
            if (credited.compareTo(e.getValue()) == 0) {
                notes.add("free at this usage: " + ids[1] + " (" + Money.plain(e.getValue(), 6) + " within the free"
                        + " tier " + free.get().id() + ")");
            }
        }
    }
}
