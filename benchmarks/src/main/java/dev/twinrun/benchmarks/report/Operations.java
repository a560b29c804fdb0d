package dev.twinrun.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.report.OperationsSection.Cell;
import dev.twinrun.benchmarks.report.OperationsSection.Row;
import dev.twinrun.benchmarks.report.ReportSummary.PricedVariant;
import dev.twinrun.pricing.CostModel;
import dev.twinrun.pricing.DataSize;
import dev.twinrun.pricing.Money;
import dev.twinrun.pricing.PriceLine;
import dev.twinrun.pricing.Scenario;
import dev.twinrun.pricing.SizeSweepResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds the {@link OperationsSection} of a report: the template facts of the operations profile (synthesized by
 * infra's {@code OperationsProfile}, the built-in copy under {@code deployments/}), the built artifacts' sizes against
 * the platform limits ({@code operations/limits.json}, each with its public source), the rollout time from the
 * measurements or the price book's assumptions, the size model's first limit, the time to insight (modelled from the
 * durations priced) and the monthly cost.
 */
public final class Operations {
    /** The built-in profile read when nothing else is named. */
    public static final String PROFILE = "twinrun-2026-operations";

    /** The deployed variants, in column order. */
    public static final List<String> VARIANTS = List.of("lambda", "ec2", "fanout", "ec2-per-run", "fargate");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> GROUPS = Map.of(
            "operate", "What you operate",
            "observe", "Observability out of the box",
            "package", "Packaging",
            "rollout", "Rolling out a new version",
            "scale", "Scaling out",
            "insight", "Time to insight and cost");

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("operate.resources", "resources created"),
            Map.entry("operate.iam", "IAM granted"),
            Map.entry("operate.patch", "who patches what"),
            Map.entry("operate.agent", "agent to run"),
            Map.entry("operate.scales", "scales by itself"),
            Map.entry("observe.logs", "logs"),
            Map.entry("observe.metrics", "metrics"),
            Map.entry("observe.alarms", "alarms"),
            Map.entry("observe.dashboard", "dashboard"),
            Map.entry("observe.tracing", "traces"),
            Map.entry("package.size", "artifact vs limit"),
            Map.entry("package.dependency", "a new dependency costs"),
            Map.entry("rollout.how", "what changes"),
            Map.entry("rollout.serving", "until it serves"),
            Map.entry("rollout.rollback", "rollback"),
            Map.entry("scale.limit", "first limit (size model)"),
            Map.entry("scale.next", "next step"),
            Map.entry("insight.latency", "time to insight"),
            Map.entry("insight.cost", "monthly cost"));

    private Operations() {}

    /**
     * The built artifacts whose sizes the section reports (any may be null: not known).
     *
     * @param lambdaZip the Lambda (and fan-out) deployment zip
     * @param ec2Jar    the EC2 runner jar (also what the Fargate task runs)
     * @param userJar   the user's transformation jar bundled into both
     */
    public record Artifacts(
            Package lambdaZip, Package ec2Jar, FreshnessSummary freshness, DependencyMeasure dependency) {
        public static final Artifacts NONE = new Artifacts(null, null, null, null);

        /** The built artifacts, measured now (a missing file is not measured); no arrival run. */
        public static Artifacts of(Path lambdaZip, Path ec2Jar, Path userJar) {
            return new Artifacts(Package.measure(lambdaZip, userJar), Package.measure(ec2Jar, userJar), null, null);
        }

        /** The same artifacts with the arrival run's priced triggers (compare --arrival), or null. */
        public Artifacts withFreshness(FreshnessSummary f) {
            return new Artifacts(lambdaZip, ec2Jar, f, dependency);
        }

        /** The same artifacts with what bench lambda --added-dependency-mb measured (compare --dependency-cost). */
        public Artifacts withDependency(DependencyMeasure d) {
            return new Artifacts(lambdaZip, ec2Jar, freshness, d);
        }
    }

    /**
     * A built package as measured: its file name, its size and the sum of its entries' sizes, and the user's jar
     * inside it (null: none). compare keeps it in about.json, so report build shows the same figures.
     */
    public record Package(String file, long zippedBytes, long unzippedBytes, String userJar) {
        /** Measures {@code p}; null when there is no such file. */
        public static Package measure(Path p, Path userJar) {
            if (p == null || !Files.isRegularFile(p)) {
                return null;
            }
            try {
                return new Package(
                        p.getFileName().toString(),
                        Files.size(p),
                        unzipped(p),
                        userJar == null ? null : userJar.getFileName().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(p + ": not readable as a zip: " + e.getMessage(), e);
            }
        }
    }

    /** The trigger of the arrival run that is each variant as deployed (the Lambda stack's default is trigger=s3). */
    static final Map<String, String> TRIGGER_OF = Map.of(
            "lambda", "lambda-s3-event",
            "ec2", "ec2-cron",
            "fanout", "lambda-fanout",
            "ec2-per-run", "ec2-per-run",
            "fargate", "fargate");

    /** The section for {@code summary}, priced under {@code scenario}, with {@code artifacts}' sizes. */
    public static OperationsSection build(ReportSummary summary, Scenario scenario, Artifacts artifacts) {
        Artifacts a = artifacts == null ? Artifacts.NONE : artifacts;
        JsonNode profile = load("/deployments/" + PROFILE + ".json");
        List<String> variants = VARIANTS.stream().filter(profile::has).toList();
        Map<String, PriceLine> limits = new LinkedHashMap<>();
        for (JsonNode l : load("/operations/limits.json").path("limits")) {
            limits.put(
                    l.path("id").asText(),
                    new PriceLine(
                            l.path("id").asText(),
                            "limit",
                            l.path("value").asText(),
                            "1",
                            l.path("unit").asText(),
                            l.path("description").asText(),
                            l.path("read").asText(),
                            "global",
                            l.path("source").asText(),
                            l.path("read").asText()));
        }
        List<Row> rows = new ArrayList<>();
        List<String> order = new ArrayList<>();
        profile.path(variants.isEmpty() ? "lambda" : variants.get(0))
                .path("facts")
                .fieldNames()
                .forEachRemaining(order::add);
        Map<String, Function<String, Cell>> derived = new LinkedHashMap<>();
        derived.put("observe.metrics", v -> metrics(v, scenario));
        derived.put("package.size", v -> packageSize(v, a, limits));
        derived.put("package.dependency", v -> dependency(v, limits, a.dependency()));
        derived.put("rollout.serving", v -> serving(v, summary));
        derived.put("scale.limit", v -> limit(v, summary.sizes()));
        derived.put("scale.next", v -> next(v, summary.sizes()));
        derived.put("insight.latency", v -> measuredLatency(v, a.freshness()).orElseGet(() -> latency(v, summary)));
        derived.put("insight.cost", v -> cost(v, summary));
        List<String> keys = new ArrayList<>();
        for (String k : order) {
            keys.add(k);
            if (k.equals("observe.logs")) {
                keys.add("observe.metrics");
            }
            if (k.equals("observe.tracing")) {
                keys.addAll(List.of("package.size", "package.dependency"));
            }
            if (k.equals("rollout.how")) {
                keys.add("rollout.serving");
            }
        }
        keys.addAll(List.of("scale.limit", "scale.next", "insight.latency", "insight.cost"));
        for (String k : keys) {
            List<Cell> cells = new ArrayList<>();
            for (String v : variants) {
                Function<String, Cell> f = derived.get(k);
                if (f != null) {
                    cells.add(f.apply(v));
                } else {
                    JsonNode fact = profile.path(v).path("facts").path(k);
                    cells.add(new Cell(
                            fact.path("value").asText("not in the profile"),
                            fact.path("from").asText("operations profile " + PROFILE)));
                }
            }
            rows.add(new Row(GROUPS.get(k.substring(0, k.indexOf('.'))), k, NAMES.getOrDefault(k, k), cells));
        }
        List<String> notes = new ArrayList<>();
        notes.add("template facts: " + PROFILE + " (infra's OperationsProfile over the synthesized stacks of all five"
                + " variants; a test keeps it equal to what the stacks create)");
        limits.values()
                .forEach(l -> notes.add(l.id() + " = " + l.value() + " " + l.unit() + ": " + l.description() + " ("
                        + l.source() + ", read " + l.read() + ")"));
        return new OperationsSection(PROFILE, variants, rows, notes);
    }

    private static Cell metrics(String v, Scenario s) {
        Integer n = s == null ? null : s.deployment().emfMetrics().get(v);
        String how = v.startsWith("ec2")
                ? "EMF lines in the runner log, which the CloudWatch agent ships"
                : v.equals("fargate")
                        ? "EMF lines in the task's stdout (awslogs driver)"
                        : "EMF lines in the function's log, extracted by CloudWatch with no agent";
        return new Cell(
                n == null ? how : n + " custom metrics (" + how + ")",
                "scenario " + (s == null ? "?" : s.name())
                        + " deployment.emfMetrics (the Telemetry contract's metric names x the Variant dimension)");
    }

    private static Cell packageSize(String v, Artifacts a, Map<String, PriceLine> limits) {
        boolean lambda = v.equals("lambda") || v.equals("fanout");
        Package p = lambda ? a.lambdaZip() : a.ec2Jar();
        String what = lambda ? "Lambda zip" : v.equals("fargate") ? "runner jar (copied into the task)" : "runner jar";
        if (p == null) {
            return new Cell(
                    "not measured: this report had no built " + what,
                    "./twinrun compare measures the zip and jar it runs (lambda-adapter/target, ec2-adapter/target)");
        }
        String user = p.userJar() == null ? "" : " (with " + p.userJar() + ")";
        String value = what + user + " " + size(p.zippedBytes()) + " zipped, " + size(p.unzippedBytes()) + " unzipped";
        String from = "measured: " + p.file() + " file size, unzipped = sum of its entries' sizes";
        if (lambda) {
            BigDecimal mb = new DataSize(p.unzippedBytes()).megabytes();
            BigDecimal max =
                    new BigDecimal(limits.get("lambda.package.unzippedMb").value());
            BigDecimal direct =
                    new BigDecimal(limits.get("lambda.package.zippedMbDirect").value());
            value += "; "
                    + Money.plain(
                            mb.multiply(BigDecimal.valueOf(100)).divide(max, 1, java.math.RoundingMode.HALF_UP), 1)
                    + " % of the " + max.toPlainString() + " MB unzipped limit"
                    + (new DataSize(p.zippedBytes()).megabytes().compareTo(direct) > 0
                            ? ", above the " + direct.toPlainString() + " MB direct upload (cdk deploys it through S3)"
                            : ", under the " + direct.toPlainString() + " MB direct upload");
            from += "; limits lambda.package.unzippedMb, lambda.package.zippedMbDirect ("
                    + limits.get("lambda.package.unzippedMb").source() + ")";
        } else if (v.equals("fargate")) {
            value += "; no package limit: the task's 20 GB ephemeral storage holds it";
            from += "; price book fargate.ephemeralStorage.includedGb";
        } else {
            value += " plus the install bundle; no package limit: the instance's root volume holds it";
            from += "; the root volume's size is in the deployment inventory (EBS volume)";
        }
        return new Cell(value, from);
    }

    /** Bytes readably: KB below 1 MB, else MB to 0.1 (binary units, as the rest of the report). */
    static String size(long bytes) {
        BigDecimal mb = new DataSize(bytes).megabytes();
        return mb.compareTo(BigDecimal.ONE) < 0
                ? Money.plain(mb.multiply(BigDecimal.valueOf(1024)), 1) + " KB"
                : Money.plain(mb, 1) + " MB";
    }

    private static long unzipped(Path zip) throws IOException {
        long total = 0;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Iterator<? extends ZipEntry> it = z.entries().asIterator(); it.hasNext(); ) {
                long size = it.next().getSize();
                total += Math.max(0, size);
            }
        }
        return total;
    }

    /** The command that measures the row's Lambda figures, and where they are documented. */
    static final String DEPENDENCY_BENCH = "./twinrun bench lambda --added-dependency-mb N";

    private static Cell dependency(String v, Map<String, PriceLine> limits, DependencyMeasure measured) {
        if (v.equals("lambda") || v.equals("fanout")) {
            String limit =
                    "against the " + limits.get("lambda.package.unzippedMb").value() + " MB unzipped limit";
            if (measured == null) {
                return new Cell(
                        "its size in the zip, " + limit + ", and its class loading in every cold start's INIT (the"
                                + " INIT per MB added is not in this report)",
                        "limit lambda.package.unzippedMb; the zip and INIT per MB added are measured by "
                                + DEPENDENCY_BENCH + " (figures in docs/BENCHMARKS.md); compare --dependency-cost"
                                + " FILE puts its dependency.json here");
            }
            List<String> parts = new ArrayList<>();
            for (DependencyMeasure.Cost c : measured.costs()) {
                parts.add(String.format(
                        Locale.ROOT,
                        "%s: INIT %s ms per MB (%s to %s, %d rounds) when INIT %s its classes",
                        c.memoryMb() + " MB" + (c.variant().isEmpty() ? "" : ", " + c.variant()),
                        signed(c.initMsPerMb()),
                        signed(c.initMsPerMbMin()),
                        signed(c.initMsPerMbMax()),
                        c.rounds(),
                        c.loadedByInit() ? "loads" : "does not load"));
            }
            DependencyMeasure.Cost first = measured.costs().get(0);
            return new Cell(
                    String.format(Locale.ROOT, "+%.2f MB zip per MB added, %s; ", first.zipMbPerMb(), limit)
                            + String.join("; ", parts),
                    "measured by " + measured.command() + " (" + measured.file() + ", load average " + measured.load()
                            + "); limit lambda.package.unzippedMb");
        }
        return new Cell(
                "its size in the jar; installed once with the jar, its class loading in each run's fresh JVM"
                        + (v.equals("ec2") ? "" : " (not billed as INIT)"),
                "the runner starts a fresh JVM per run (ec2-adapter's run-due), so class loading is in the run's"
                        + " measured duration");
    }

    private static String signed(BigDecimal ms) {
        return (ms.signum() >= 0 ? "+" : "") + Money.plain(ms, 1);
    }

    private static Cell serving(String v, ReportSummary s) {
        Optional<PriceLine> boot = line(s, "ec2.assumption.bootSeconds");
        Optional<PriceLine> pull = line(s, "fargate.assumption.imagePullSeconds");
        switch (v) {
            case "ec2", "ec2-per-run" -> {
                return new Cell(
                        boot.map(l -> "the new instance's boot, " + l.value() + " s modelled, plus the install"
                                        + " bundle's run (not modelled)")
                                .orElse("the new instance's boot and install (not modelled by this price book)"),
                        boot.map(l -> "price book ec2.assumption.bootSeconds (" + l.source() + ")")
                                .orElse("price book has no ec2.assumption.bootSeconds"));
            }
            case "fargate" -> {
                return new Cell(
                        "the schedule's next firing"
                                + pull.map(l -> ", then the image pull, " + l.value() + " s modelled")
                                        .orElse(""),
                        "template schedule; "
                                + pull.map(l -> "price book fargate.assumption.imagePullSeconds (" + l.source() + ")")
                                        .orElse("no image pull assumption in this price book"));
            }
            default -> {
                Optional<PricedVariant> l = costRow(s, CostModel.LAMBDA);
                return new Cell(
                        "the next invocation, a cold start"
                                + l.filter(r -> r.initMs() != null)
                                        .map(r -> ": INIT " + Money.plain(r.initMs(), 0) + " ms ("
                                                + (r.durationProvenance() == null
                                                        ? "modelled"
                                                        : r.durationProvenance().json())
                                                + ")")
                                        .orElse(""),
                        "cost row " + l.map(PricedVariant::variantId).orElse("lambda") + " initMs");
            }
        }
    }

    private static String sizeVariant(String v) {
        return switch (v) {
            case "lambda" -> SizeSweepResult.LAMBDA;
            case "fanout" -> SizeSweepResult.FANOUT;
            case "ec2", "ec2-per-run" -> SizeSweepResult.EC2;
            default -> null;
        };
    }

    private static Cell limit(String v, SizeSweepResult z) {
        if (z == null) {
            return new Cell("no size sweep in this report", "./twinrun compare --sizes (the size model)");
        }
        String id = sizeVariant(v);
        Optional<SizeSweepResult.LimitHit> hit = id == null
                ? Optional.empty()
                : z.firstLimits().stream().filter(l -> l.variant().equals(id)).findFirst();
        if (id == null) {
            return new Cell(
                    "not in the size model",
                    "the size model (SizeSweep) covers " + String.join(", ", SizeSweepResult.VARIANTS));
        }
        return hit.map(l -> new Cell(
                        l.atSizeMb() == null
                                ? "none in the sizes swept"
                                : "at " + DataSize.text(l.atSizeMb()) + " an hour: " + l.limit() + ", " + l.reason(),
                        "size model (SizeSweep) first limit of " + id + (l.atSizeMb() == null ? "" : ", modelled")))
                .orElse(new Cell("none in the sizes swept", "size model (SizeSweep) rows of " + id));
    }

    private static Cell next(String v, SizeSweepResult z) {
        String value = switch (v) {
            case "lambda" -> "more memory (more vCPU, up to the maximum), then the fan-out variant";
            case "fanout" -> "more shards per hour (Map concurrency), each shard inside one function's limits";
            case "ec2", "ec2-per-run" -> "a bigger instance type (one instance: no scale-out)";
            default -> "a bigger task size, up to Fargate's largest";
        };
        String failure = switch (v) {
            case "lambda" ->
                "at the limit the invocation times out or runs out of memory; the hour is retried, then"
                        + " lands in the failure queue";
            case "fanout" -> "a failed shard fails the execution; the state machine's alarm fires";
            default ->
                "at the limit the run overruns its hour or is killed by the timeout; the failed-hours alarm" + " fires";
        };
        return new Cell(
                value + "; " + failure,
                "the size model's next configuration for " + v + " (SizeSweep configs); failure modes from the"
                        + " template's alarms and retry settings" + (z == null ? "" : ""));
    }

    /** The time to insight compare --arrival measured for the variant's trigger, if it ran. */
    static Optional<Cell> measuredLatency(String v, FreshnessSummary f) {
        String id = TRIGGER_OF.get(v);
        if (f == null || id == null) {
            return Optional.empty();
        }
        return f.rows().stream()
                .filter(r -> r.id().equals(id) && r.p50Ms() != null)
                .findFirst()
                .map(r -> new Cell(
                        "p50 " + FreshnessText.duration(r.p50Ms()) + ", p90 " + FreshnessText.duration(r.p90Ms())
                                + " from the hour's last file to its published insights (" + r.label() + ", "
                                + Money.format(r.perMonthUsd()) + "/month at its invocations an hour)",
                        "measured: ./twinrun compare --arrival " + f.arrival() + ", " + f.hours() + " hours of "
                                + f.filesPerHour() + " files (freshness.json row " + r.id() + ")"
                                + (r.modelledMs() != null && r.modelledMs().signum() > 0
                                        ? "; " + FreshnessText.duration(r.modelledMs())
                                                + " of it modelled (the boot or image pull: see the section \""
                                                + FreshnessText.HEADING + "\")"
                                        : "")));
    }

    private static Cell latency(String v, ReportSummary s) {
        Optional<PricedVariant> row = costRow(s, model(v));
        String duration = row.map(r -> Money.plain(r.durationMs(), 0) + " ms ("
                        + (r.durationProvenance() == null
                                ? "modelled"
                                : r.durationProvenance().json()) + ")")
                .orElse("the run");
        if (v.equals("lambda")) {
            return new Cell(
                    "the last file's event starts a run: INIT + " + duration + " after the hour's last file lands",
                    "modelled from cost row "
                            + row.map(PricedVariant::variantId).orElse("lambda")
                            + "; ./twinrun compare --arrival measures it per trigger (freshness.json)");
        }
        Optional<PriceLine> boot = line(s, "ec2.assumption.bootSeconds");
        Optional<PriceLine> pull = line(s, "fargate.assumption.imagePullSeconds");
        String start = switch (v) {
            case "ec2-per-run" -> boot.map(l -> " + boot " + l.value() + " s").orElse(" + boot");
            case "fargate" -> pull.map(l -> " + image pull " + l.value() + " s").orElse(" + image pull");
            default -> "";
        };
        return new Cell(
                "the schedule at :05 past the hour" + start + " + " + duration,
                "modelled: the template's schedule (cron(5 * * * ? *)), cost row "
                        + row.map(PricedVariant::variantId).orElse(v)
                        + "; ./twinrun compare --arrival measures it per trigger (freshness.json)");
    }

    private static Cell cost(String v, ReportSummary s) {
        Optional<PricedVariant> row = costRow(s, model(v));
        return row.map(r -> new Cell(
                        Money.format(r.perMonthUsd()) + "/month" + (r.feasible() ? "" : " (not feasible)"),
                        "cost row " + r.variantId() + " (" + r.label() + "), durations "
                                + (r.durationProvenance() == null
                                        ? "modelled"
                                        : r.durationProvenance().json())))
                .orElse(new Cell(
                        "not priced in this report's cost table", "the cost table has no " + model(v) + " row"));
    }

    private static String model(String v) {
        return switch (v) {
            case "lambda" -> CostModel.LAMBDA;
            case "fanout" -> CostModel.LAMBDA_FANOUT;
            case "ec2" -> CostModel.EC2_ALWAYS_ON;
            case "ec2-per-run" -> CostModel.EC2_PER_RUN;
            default -> CostModel.FARGATE;
        };
    }

    /** The first cost row of a model that twinrun deploys (the primary row: the scenario's memory and instance). */
    private static Optional<PricedVariant> costRow(ReportSummary s, String model) {
        return s.costs().stream()
                .filter(r -> r.model().equals(model))
                .filter(r -> !r.variantId().endsWith("-schedule"))
                .findFirst();
    }

    private static Optional<PriceLine> line(ReportSummary s, String id) {
        return s.priceBook().linesUsed().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    private static JsonNode load(String resource) {
        try (InputStream in = Operations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
