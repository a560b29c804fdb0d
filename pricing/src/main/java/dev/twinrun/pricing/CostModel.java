package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prices a {@link Scenario} with one {@link PriceBook}: Lambda per run and per month, EC2 always on, EC2 started per
 * run, and the hidden costs (CloudWatch Logs ingestion, S3 requests) every variant pays.
 */
public final class CostModel {
  /** Model names, as they appear in {@link VariantCost#model()}. */
  public static final String LAMBDA = "lambda";

  public static final String EC2_ALWAYS_ON = "ec2-always-on";
  public static final String EC2_PER_RUN = "ec2-per-run";
  public static final String LAMBDA_FANOUT = "lambda-fanout";

  /** Parent states of the fan-out state machine that run once per execution: Plan, Shards (the Map), Merge. */
  public static final int FANOUT_PARENT_STATES = 3;

  private static final MathContext MC = MathContext.DECIMAL128;
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal MB_PER_GB = BigDecimal.valueOf(1024);
  private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private final PriceBook book;

  public CostModel(PriceBook book) {
    this.book = requireNonNull(book, "book");
  }

  public PriceBook book() {
    return book;
  }

  /** Lambda, EC2 always on and EC2 started per run, in that order. */
  public List<VariantCost> all(Scenario s) {
    return List.of(lambda(s), ec2AlwaysOn(s), ec2PerRun(s));
  }

  /** The cost of one model ({@link #LAMBDA}, {@link #EC2_ALWAYS_ON}, {@link #EC2_PER_RUN}). */
  public VariantCost of(String model, Scenario s) {
    return switch (model) {
      case LAMBDA -> lambda(s);
      case EC2_ALWAYS_ON -> ec2AlwaysOn(s);
      case EC2_PER_RUN -> ec2PerRun(s);
      default -> throw new IllegalArgumentException("unknown cost model " + model);
    };
  }

  public static String lambdaVariantId(int memoryMb, String arch) {
    return "lambda-" + memoryMb + "mb-" + arch;
  }

  public static String ec2VariantId(String instanceType, String model) {
    return "ec2-" + instanceType + (EC2_PER_RUN.equals(model) ? "-per-run" : "-always-on");
  }

  /** Whether the INIT phase is billed: the scenario's switch, else from the book's initBilledFrom date. */
  public boolean initBilled(Scenario s) {
    if (s.lambda().initBilled() != null) {
      return s.lambda().initBilled();
    }
    return book.find("lambda.billing.initBilledFrom")
        .map(l -> !book.localDate().isBefore(LocalDate.parse(l.value())))
        .orElse(false);
  }

  /** Lambda: billed GB-seconds at the book's granularity, requests, ephemeral storage, free tier if switched on. */
  public VariantCost lambda(Scenario s) {
    Scenario.LambdaSettings l = s.lambda();
    List<String> notes = new ArrayList<>();
    PriceLine granularity = book.line("lambda.billing.granularityMs");
    BigDecimal g = granularity.decimal();
    boolean init = initBilled(s);
    BigDecimal coldMs = s.run().durationMs().add(init ? s.run().initMs() : BigDecimal.ZERO);
    BigDecimal billedColdMs = ceilTo(coldMs, g);
    BigDecimal billedWarmMs = ceilTo(s.run().effectiveWarmDurationMs(), g);
    BigDecimal memoryGb = BigDecimal.valueOf(l.memoryMb()).divide(MB_PER_GB, MC);
    BigDecimal runs = s.schedule().runsPerMonth();
    BigDecimal coldRuns = runs.multiply(s.run().coldStartShare());
    BigDecimal warmRuns = runs.subtract(coldRuns);
    BigDecimal billedMsMonth = coldRuns.multiply(billedColdMs).add(warmRuns.multiply(billedWarmMs));
    BigDecimal gbSeconds = billedMsMonth.divide(THOUSAND, MC).multiply(memoryGb, MC);

    PriceLine duration = book.line("lambda.duration." + l.arch());
    List<CostLine> lines = new ArrayList<>();
    lines.add(
        CostLine.of(
            "lambda.duration",
            duration,
            gbSeconds,
            String.format(
                "%s runs/month (%s cold, billed %s ms; %s warm, billed %s ms) x %s GB, rounded up to %s ms%s",
                Money.plain(runs, 4),
                Money.plain(coldRuns, 4),
                Money.plain(billedColdMs, 3),
                Money.plain(warmRuns, 4),
                Money.plain(billedWarmMs, 3),
                Money.plain(memoryGb, 6),
                Money.plain(g, 3),
                init ? ", INIT billed" : ", INIT not billed")));
    if (l.freeTier()) {
      PriceLine free = book.line("lambda.freeTier.gbSeconds");
      BigDecimal deducted = gbSeconds.min(free.decimal());
      lines.add(
          CostLine.of(
              "lambda.freeTier.gbSeconds",
              duration,
              deducted.negate(),
              "free tier (" + free.id() + ": " + free.value() + " GB-s/month) deducted"));
    }
    Optional<PriceLine> requests = book.find("lambda.requests");
    if (requests.isPresent()) {
      lines.add(CostLine.of("lambda.requests", requests.get(), runs, "one request per run"));
      if (l.freeTier()) {
        PriceLine free = book.line("lambda.freeTier.requests");
        lines.add(
            CostLine.of(
                "lambda.freeTier.requests",
                requests.get(),
                runs.min(free.decimal()).negate(),
                "free tier (" + free.id() + ": " + free.value() + " requests/month) deducted"));
      }
    } else {
      notes.add("price book " + book.id() + " has no lambda.requests line: requests not priced");
    }
    BigDecimal includedMb = book.decimalOr("lambda.ephemeralStorage.includedMb", BigDecimal.valueOf(512));
    BigDecimal extraMb = BigDecimal.valueOf(l.ephemeralStorageMb()).subtract(includedMb);
    if (extraMb.signum() > 0) {
      PriceLine eph = book.line("lambda.ephemeralStorage");
      BigDecimal extraGbSeconds = billedMsMonth.divide(THOUSAND, MC).multiply(extraMb.divide(MB_PER_GB, MC), MC);
      lines.add(
          CostLine.of(
              "lambda.ephemeralStorage",
              eph,
              extraGbSeconds,
              Money.plain(extraMb, 0) + " MB above the included " + Money.plain(includedMb, 0) + " MB"));
    }
    lines.addAll(hiddenLines(s, runs));

    boolean feasible = checkLambdaLimits(s, notes);
    if (l.freeTier()) {
      notes.add("free tier on: the month is after the free tier; perRunUsd is without it");
    }
    BigDecimal month = sum(lines);
    BigDecimal perRun = lambdaPerRun(s, duration, requests, billedColdMs, billedWarmMs, memoryGb, extraMb);
    String label = "Lambda " + l.memoryMb() + " MB " + l.arch();
    return new VariantCost(
        lambdaVariantId(l.memoryMb(), l.arch()), LAMBDA, label, feasible, runs, perRun, month, lines, notes);
  }

  private BigDecimal lambdaPerRun(
      Scenario s,
      PriceLine duration,
      Optional<PriceLine> requests,
      BigDecimal billedColdMs,
      BigDecimal billedWarmMs,
      BigDecimal memoryGb,
      BigDecimal extraMb) {
    BigDecimal share = s.run().coldStartShare();
    BigDecimal avgBilledMs =
        share.multiply(billedColdMs).add(BigDecimal.ONE.subtract(share).multiply(billedWarmMs));
    BigDecimal seconds = avgBilledMs.divide(THOUSAND, MC);
    BigDecimal cost = duration.costOf(seconds.multiply(memoryGb, MC));
    if (requests.isPresent()) {
      cost = cost.add(requests.get().costOf(BigDecimal.ONE));
    }
    if (extraMb.signum() > 0) {
      cost = cost.add(book.line("lambda.ephemeralStorage").costOf(seconds.multiply(extraMb.divide(MB_PER_GB, MC))));
    }
    return cost.add(sum(hiddenLines(s, BigDecimal.ONE)));
  }

  private boolean checkLambdaLimits(Scenario s, List<String> notes) {
    boolean feasible = true;
    Optional<PriceLine> timeout = book.find("lambda.limits.timeoutSeconds");
    if (timeout.isPresent()) {
      BigDecimal limitMs = timeout.get().decimal().multiply(THOUSAND);
      if (s.run().durationMs().compareTo(limitMs) > 0
          || s.run().effectiveWarmDurationMs().compareTo(limitMs) > 0) {
        feasible = false;
        notes.add(
            "a run of "
                + Money.plain(s.run().durationMs(), 0)
                + " ms exceeds Lambda's limit ("
                + timeout.get().id()
                + " = "
                + timeout.get().value()
                + " s): one invocation cannot do it; shard the hour");
      }
    }
    Optional<PriceLine> maxMemory = book.find("lambda.limits.memoryMbMax");
    Optional<PriceLine> minMemory = book.find("lambda.limits.memoryMbMin");
    BigDecimal memory = BigDecimal.valueOf(s.lambda().memoryMb());
    if (maxMemory.isPresent() && memory.compareTo(maxMemory.get().decimal()) > 0
        || minMemory.isPresent() && memory.compareTo(minMemory.get().decimal()) < 0) {
      feasible = false;
      notes.add("memory " + memory + " MB is outside Lambda's limits (lambda.limits.memoryMbMin/Max)");
    }
    return feasible;
  }

  /** EC2 on all month: instance hours (or the book's monthly price) plus EBS gp3 plus hidden costs. */
  public VariantCost ec2AlwaysOn(Scenario s) {
    String type = s.ec2().instanceType();
    List<String> notes = new ArrayList<>();
    List<CostLine> lines = new ArrayList<>();
    Optional<PriceLine> hour = book.find("ec2." + type + ".hour");
    Optional<PriceLine> month = book.find("ec2." + type + ".month");
    BigDecimal hours = s.schedule().hoursPerMonth();
    if (hour.isPresent()) {
      lines.add(
          CostLine.of(
              "ec2.instance",
              hour.get(),
              hours,
              Money.plain(hours, 4) + " h in the scenario's month"
                  + (s.schedule().daysPerMonth() == null ? " (730 h)" : "")));
    } else if (month.isPresent()) {
      lines.add(CostLine.of("ec2.instance", month.get(), BigDecimal.ONE, "the book prices this type per month"));
      notes.add("instance priced per month by the book (" + month.get().id() + "), whatever the month's length");
    } else {
      throw unknownInstance(type);
    }
    lines.addAll(ebsLines(s));
    BigDecimal runs = s.schedule().runsPerMonth();
    lines.addAll(hiddenLines(s, runs));
    BigDecimal total = sum(lines);
    BigDecimal perRun = runs.signum() == 0 ? null : total.divide(runs, MC);
    notes.add("perRunUsd is the month divided by the runs in it");
    return new VariantCost(
        ec2VariantId(type, EC2_ALWAYS_ON),
        EC2_ALWAYS_ON,
        "EC2 " + type + " always on",
        true,
        runs,
        perRun,
        total,
        lines,
        notes);
  }

  /** EC2 started for each run: per-second billing with the book's minimum, boot and shutdown time, plus EBS. */
  public VariantCost ec2PerRun(Scenario s) {
    String type = s.ec2().instanceType();
    List<String> notes = new ArrayList<>();
    PriceLine minimum = book.line("ec2.billing.minimumSeconds");
    PriceLine granularity = book.line("ec2.billing.granularitySeconds");
    BigDecimal durationMs = s.ec2().durationMs() != null ? s.ec2().durationMs() : s.run().durationMs();
    BigDecimal upSeconds =
        s.ec2().bootSeconds().add(durationMs.divide(THOUSAND, MC)).add(s.ec2().shutdownSeconds());
    BigDecimal billedSeconds = ceilTo(upSeconds, granularity.decimal()).max(minimum.decimal());
    BigDecimal runs = s.schedule().runsPerMonth();
    BigDecimal instanceHours = runs.multiply(billedSeconds).divide(SECONDS_PER_HOUR, MC);
    String how =
        String.format(
            "%s runs x %s s billed (boot %s s + run %s s + shutdown %s s, rounded up to %s s, minimum %s s)",
            Money.plain(runs, 4),
            Money.plain(billedSeconds, 3),
            Money.plain(s.ec2().bootSeconds(), 3),
            Money.plain(durationMs.divide(THOUSAND, MC), 3),
            Money.plain(s.ec2().shutdownSeconds(), 3),
            granularity.value(),
            minimum.value());
    List<CostLine> lines = new ArrayList<>();
    CostLine instanceLine;
    Optional<PriceLine> hour = book.find("ec2." + type + ".hour");
    Optional<PriceLine> month = book.find("ec2." + type + ".month");
    if (hour.isPresent()) {
      instanceLine = CostLine.of("ec2.instance", hour.get(), instanceHours, how);
    } else if (month.isPresent()) {
      instanceLine =
          CostLine.derived(
              "ec2.instance",
              month.get(),
              instanceHours,
              Scenario.HOURS_PER_MONTH,
              "instance-hour",
              how + "; hourly rate derived as month / 730 h");
      notes.add("hourly rate derived from the monthly price " + month.get().id() + " / 730 h");
    } else {
      throw unknownInstance(type);
    }
    lines.add(instanceLine);
    lines.addAll(ebsLines(s));
    lines.addAll(hiddenLines(s, runs));
    BigDecimal perRunInstance =
        instanceLine.priceUsd().multiply(billedSeconds).divide(SECONDS_PER_HOUR, MC).divide(instanceLine.per(), MC);
    BigDecimal perRun = perRunInstance.add(sum(hiddenLines(s, BigDecimal.ONE)));
    notes.add("perRunUsd excludes EBS, which is paid all month");
    return new VariantCost(
        ec2VariantId(type, EC2_PER_RUN),
        EC2_PER_RUN,
        "EC2 " + type + " started per run",
        true,
        runs,
        perRun,
        sum(lines),
        lines,
        notes);
  }

  /**
   * One fan-out run as priced: {@code shards} Shard invocations and one Plan and one Merge, all at {@code memoryMb},
   * each step's time without INIT, and the ephemeral storage the Shard and Merge functions need.
   */
  public record FanoutRun(
      int shards,
      int memoryMb,
      BigDecimal planMs,
      BigDecimal shardMs,
      BigDecimal mergeMs,
      int shardEphemeralMb,
      int mergeEphemeralMb) {}

  /**
   * The Lambda fan-out (Step Functions Standard, Distributed Map): Lambda GB-seconds of Plan, every Shard and Merge
   * (each invocation INIT-billed for the scenario's cold share, rounded up to the book's granularity), one request
   * each, ephemeral storage above the included size, state transitions (the parent's Plan, Map and Merge; per shard
   * one for starting the child execution and one for its Shard task), and the hidden costs with the fan-out's extra S3
   * requests (per shard a result PUT, the result GET at merge and one more input GET) and one log stream's worth of
   * lines per invocation. Free tier not applied.
   */
  public VariantCost lambdaFanout(Scenario s, FanoutRun f) {
    BigDecimal runs = s.schedule().runsPerMonth();
    List<CostLine> lines = fanoutLines(s, f, runs);
    BigDecimal perRun = sum(fanoutLines(s, f, BigDecimal.ONE));
    String label = "Lambda fan-out " + f.shards() + " x " + f.memoryMb() + " MB " + s.lambda().arch();
    List<String> notes = new ArrayList<>();
    notes.add("free tier not applied; Step Functions retries (extra transitions) not priced");
    return new VariantCost(
        "lambda-fanout-" + f.memoryMb() + "mb-" + s.lambda().arch(),
        LAMBDA_FANOUT,
        label,
        true,
        runs,
        perRun,
        sum(lines),
        lines,
        notes);
  }

  private List<CostLine> fanoutLines(Scenario s, FanoutRun f, BigDecimal runs) {
    BigDecimal g = book.line("lambda.billing.granularityMs").decimal();
    BigDecimal init = initBilled(s) ? s.run().initMs() : BigDecimal.ZERO;
    BigDecimal share = s.run().coldStartShare();
    BigDecimal shards = BigDecimal.valueOf(f.shards());
    BigDecimal planB = billedMs(f.planMs(), init, share, g);
    BigDecimal shardB = billedMs(f.shardMs(), init, share, g);
    BigDecimal mergeB = billedMs(f.mergeMs(), init, share, g);
    BigDecimal msPerRun = planB.add(shards.multiply(shardB)).add(mergeB);
    BigDecimal memoryGb = BigDecimal.valueOf(f.memoryMb()).divide(MB_PER_GB, MC);
    List<CostLine> lines = new ArrayList<>();
    lines.add(
        CostLine.of(
            "lambda.duration",
            book.line("lambda.duration." + s.lambda().arch()),
            runs.multiply(msPerRun).divide(THOUSAND, MC).multiply(memoryGb, MC),
            String.format(
                "%s runs x (plan %s ms + %d shards x %s ms + merge %s ms billed) x %s GB",
                Money.plain(runs, 4),
                Money.plain(planB, 3),
                f.shards(),
                Money.plain(shardB, 3),
                Money.plain(mergeB, 3),
                Money.plain(memoryGb, 6))));
    BigDecimal invocations = shards.add(BigDecimal.valueOf(2));
    book.find("lambda.requests")
        .ifPresent(
            r ->
                lines.add(
                    CostLine.of(
                        "lambda.requests",
                        r,
                        runs.multiply(invocations),
                        f.shards() + " Shard invocations + Plan + Merge per run")));
    BigDecimal includedMb = book.decimalOr("lambda.ephemeralStorage.includedMb", BigDecimal.valueOf(512));
    BigDecimal shardExtra = BigDecimal.valueOf(f.shardEphemeralMb()).subtract(includedMb).max(BigDecimal.ZERO);
    BigDecimal mergeExtra = BigDecimal.valueOf(f.mergeEphemeralMb()).subtract(includedMb).max(BigDecimal.ZERO);
    BigDecimal extraMbMs = shards.multiply(shardB).multiply(shardExtra).add(mergeB.multiply(mergeExtra));
    if (extraMbMs.signum() > 0) {
      lines.add(
          CostLine.of(
              "lambda.ephemeralStorage",
              book.line("lambda.ephemeralStorage"),
              runs.multiply(extraMbMs).divide(THOUSAND, MC).divide(MB_PER_GB, MC),
              "Shard " + f.shardEphemeralMb() + " MB, Merge " + f.mergeEphemeralMb() + " MB of /tmp (above "
                  + Money.plain(includedMb, 0) + " MB is billed)"));
    }
    BigDecimal perChild = book.decimalOr("stepfunctions.distributedMap.transitionsPerChild", BigDecimal.ONE);
    BigDecimal transitions = BigDecimal.valueOf(FANOUT_PARENT_STATES).add(shards.multiply(perChild.add(BigDecimal.ONE)));
    lines.add(
        CostLine.of(
            "stepfunctions.transitions",
            book.line("stepfunctions.standard.stateTransitions"),
            runs.multiply(transitions),
            Money.plain(transitions, 0) + " per run: Plan, Map, Merge + per shard "
                + Money.plain(perChild, 0) + " (child execution started) + 1 (its Shard task)"));
    Scenario.Hidden h = s.hidden();
    Scenario.Hidden fan =
        new Scenario.Hidden(
            h.logBytesPerRun().multiply(invocations),
            h.s3GetPerRun() + 2L * f.shards(),
            h.s3PutPerRun() + f.shards(),
            h.s3ListPerRun() + 1);
    lines.addAll(hiddenLines(s.withHidden(fan), runs));
    return lines;
  }

  private static BigDecimal billedMs(BigDecimal ms, BigDecimal init, BigDecimal coldShare, BigDecimal granularity) {
    BigDecimal cold = ceilTo(ms.add(init), granularity);
    BigDecimal warm = ceilTo(ms, granularity);
    return coldShare.multiply(cold).add(BigDecimal.ONE.subtract(coldShare).multiply(warm));
  }

  private List<CostLine> ebsLines(Scenario s) {
    if (s.ec2().ebsGb().signum() == 0) {
      return List.of();
    }
    return List.of(
        CostLine.of(
            "ebs.gp3",
            book.line("ebs.gp3.gbMonth"),
            s.ec2().ebsGb(),
            "volume kept all month (one scenario month = one GB-month)"));
  }

  /** CloudWatch Logs ingestion and S3 requests for {@code runs} runs; no line for a zero quantity. */
  List<CostLine> hiddenLines(Scenario s, BigDecimal runs) {
    Scenario.Hidden h = s.hidden();
    List<CostLine> lines = new ArrayList<>();
    if (h.logBytesPerRun().signum() > 0) {
      BigDecimal gb = h.logBytesPerRun().multiply(runs).divide(BYTES_PER_GB, MC);
      lines.add(
          CostLine.of(
              "hidden.logs",
              book.line("cloudwatch.logs.ingestion"),
              gb,
              Money.plain(h.logBytesPerRun(), 0) + " bytes/run ingested, GB = 2^30 bytes"));
    }
    addRequests(lines, "hidden.s3.get", "s3.requests.get", h.s3GetPerRun(), runs);
    addRequests(lines, "hidden.s3.put", "s3.requests.put", h.s3PutPerRun(), runs);
    addRequests(lines, "hidden.s3.list", "s3.requests.list", h.s3ListPerRun(), runs);
    return lines;
  }

  private void addRequests(List<CostLine> lines, String component, String lineId, long perRun, BigDecimal runs) {
    if (perRun > 0) {
      lines.add(
          CostLine.of(component, book.line(lineId), runs.multiply(BigDecimal.valueOf(perRun)), perRun + " per run"));
    }
  }

  private IllegalArgumentException unknownInstance(String type) {
    List<String> known =
        book.lines().stream()
            .map(PriceLine::id)
            .filter(id -> id.startsWith("ec2.") && (id.endsWith(".hour") || id.endsWith(".month")))
            .map(id -> id.substring(4, id.lastIndexOf('.')))
            .toList();
    return new IllegalArgumentException(
        "price book " + book.id() + " has no price for instance type " + type + "; it prices " + known);
  }

  static BigDecimal ceilTo(BigDecimal value, BigDecimal unit) {
    if (unit.signum() <= 0) {
      throw new IllegalArgumentException("billing unit must be positive: " + unit);
    }
    return value.divide(unit, 0, RoundingMode.CEILING).multiply(unit);
  }

  static BigDecimal sum(List<CostLine> lines) {
    return lines.stream().map(CostLine::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
