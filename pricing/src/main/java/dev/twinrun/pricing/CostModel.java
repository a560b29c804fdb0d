package dev.twinrun.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;

/**
 * Prices a {@link Scenario} with one {@link PriceBook}: Lambda per run and per month, EC2 always on, EC2 started per
 * run, the Lambda fan-out, and the hidden costs (CloudWatch Logs ingestion, S3 requests) every variant pays. Each
 * variant is priced by its own class ({@link LambdaPricing}, {@link Ec2AlwaysOnPricing}, {@link Ec2PerRunPricing},
 * {@link LambdaFanoutPricing}) as named cost lines with units; this is their one entry point. A scenario's
 * commitments ({@link Scenario.Discounts}) are applied here, to every variant's compute lines ({@link Commitments});
 * Lambda Managed Instances are priced without them.
 */
public final class CostModel {
    /** Model names, as they appear in {@link VariantCost#model()}. */
    public static final String LAMBDA = LambdaPricing.MODEL;

    public static final String EC2_ALWAYS_ON = Ec2AlwaysOnPricing.MODEL;
    public static final String EC2_PER_RUN = Ec2PerRunPricing.MODEL;
    public static final String LAMBDA_FANOUT = LambdaFanoutPricing.MODEL;
    public static final String FARGATE = FargatePricing.MODEL;
    public static final String LAMBDA_SNAPSTART = SnapStartPricing.MODEL;
    public static final String LAMBDA_MANAGED_INSTANCES = LambdaManagedInstances.MODEL;

    private final PriceBook book;
    private final LambdaRates lambdaRates;
    private final LambdaPricing lambda;
    private final Ec2AlwaysOnPricing ec2AlwaysOn;
    private final Ec2PerRunPricing ec2PerRun;
    private final LambdaFanoutPricing lambdaFanout;
    private final FargatePricing fargate;
    private final SnapStartPricing snapStart;
    private final LambdaManagedInstances managedInstances;
    private final Commitments commitments;

    public CostModel(PriceBook book) {
        this.book = requireNonNull(book, "book");
        this.lambdaRates = new LambdaRates(book);
        this.lambda = new LambdaPricing(book);
        this.ec2AlwaysOn = new Ec2AlwaysOnPricing(book);
        this.ec2PerRun = new Ec2PerRunPricing(book);
        this.lambdaFanout = new LambdaFanoutPricing(book);
        this.fargate = new FargatePricing(book);
        this.snapStart = new SnapStartPricing(book);
        this.managedInstances = new LambdaManagedInstances(book);
        this.commitments = new Commitments(book);
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
        return commitments.apply(s, pricing(model).price(s));
    }

    private VariantPricing pricing(String model) {
        return switch (model) {
            case LAMBDA -> lambda;
            case EC2_ALWAYS_ON -> ec2AlwaysOn;
            case EC2_PER_RUN -> ec2PerRun;
            default -> throw new IllegalArgumentException("unknown cost model " + model);
        };
    }

    public static String lambdaVariantId(int memoryMb, String arch) {
        return LambdaPricing.variantId(memoryMb, arch);
    }

    /** The EC2 variant id: started per run for {@link #EC2_PER_RUN}, else always on. */
    public static String ec2VariantId(String instanceType, String model) {
        return EC2_PER_RUN.equals(model)
                ? Ec2PerRunPricing.variantId(instanceType)
                : Ec2AlwaysOnPricing.variantId(instanceType);
    }

    /** Whether the INIT phase is billed: the scenario's switch, else from the book's initBilledFrom date. */
    public boolean initBilled(Scenario s) {
        return lambdaRates.initBilled(s);
    }

    /** Lambda: billed GB-seconds at the book's granularity, requests, ephemeral storage, free tier if switched on. */
    public VariantCost lambda(Scenario s) {
        return commitments.apply(s, lambda.price(s));
    }

    /** EC2 on all month: instance hours (or the book's monthly price) plus EBS gp3 plus hidden costs. */
    public VariantCost ec2AlwaysOn(Scenario s) {
        return commitments.apply(s, ec2AlwaysOn.price(s));
    }

    /** EC2 started for each run: per-second billing with the book's minimum, boot and shutdown time, plus EBS. */
    public VariantCost ec2PerRun(Scenario s) {
        return commitments.apply(s, ec2PerRun.price(s));
    }

    /**
     * One fan-out run (one hour) as priced: {@code shards} Shard invocations, a Plan, a Merge and the PlanNext step
     * after it, all at {@code memoryMb}, each step's time without INIT, the ephemeral storage the Shard and Merge
     * functions need, and how many shards the Map runs at once ({@code concurrency}: the first wave starts cold, later
     * shards are modelled to reuse a finished shard's environment).
     */
    public record FanoutRun(
            int shards,
            int memoryMb,
            BigDecimal planMs,
            BigDecimal shardMs,
            BigDecimal mergeMs,
            int shardEphemeralMb,
            int mergeEphemeralMb,
            int concurrency) {
        public FanoutRun {
            if (shards < 1 || concurrency < 1) {
                throw new IllegalArgumentException("fan-out shards and concurrency must be at least 1");
            }
        }

        /** A run whose shards all run at once (every shard in the first, cold wave). */
        public FanoutRun(
                int shards,
                int memoryMb,
                BigDecimal planMs,
                BigDecimal shardMs,
                BigDecimal mergeMs,
                int shardEphemeralMb,
                int mergeEphemeralMb) {
            this(shards, memoryMb, planMs, shardMs, mergeMs, shardEphemeralMb, mergeEphemeralMb, shards);
        }

        /** The shards of the first wave, which start new environments. */
        public int firstWave() {
            return Math.min(shards, concurrency);
        }
    }

    /**
     * The Lambda fan-out (Step Functions Standard, Distributed Map): Lambda GB-seconds of Plan, every Shard, Merge and
     * PlanNext (cold and warm as {@link LambdaFanoutPricing} models them), requests, ephemeral storage, state transitions and the hidden costs with the fan-out's extra S3 requests and logs
     * ({@link LambdaFanoutPricing}). Free tier not applied.
     */
    public VariantCost lambdaFanout(Scenario s, FanoutRun f) {
        return commitments.apply(s, lambdaFanout.price(s, f));
    }

    /**
     * A fan-out as the harness measured it, per hour of data (the scenario's runs): what the state machine's executions
     * did over the measured hours divided by the hours, republished hours and catch-ups included.
     *
     * @param memoryMb               every function's memory size
     * @param invocationsPerHour     Plan (PlanNext, PlanAfterFailure), Shard (retries too) and Merge invocations
     * @param billedMsPerHour        their Billed Duration summed (INIT included where an invocation was cold)
     * @param transitionsPerHour     the parent's state transitions (every state entered, Choice and Succeed too)
     * @param childExecutionsPerHour the Distributed Map's items (each a child execution with its Shard task)
     * @param measuredOn             what the figures rest on, for the lines' notes
     */
    public record MeasuredFanout(
            int memoryMb,
            BigDecimal invocationsPerHour,
            BigDecimal billedMsPerHour,
            BigDecimal transitionsPerHour,
            BigDecimal childExecutionsPerHour,
            String measuredOn) {
        public MeasuredFanout {
            for (BigDecimal v :
                    new BigDecimal[] {invocationsPerHour, billedMsPerHour, transitionsPerHour, childExecutionsPerHour
                    }) {
                if (v == null || v.signum() < 0) {
                    throw new IllegalArgumentException("measured fan-out figures must be present and >= 0: " + v);
                }
            }
            java.util.Objects.requireNonNull(measuredOn, "measuredOn");
        }
    }

    /**
     * The Lambda fan-out priced from a measurement ({@link MeasuredFanout}) instead of the per-shard model: the measured
     * invocations and billed time, the measured state transitions, the hidden costs per invocation's logs and the
     * fan-out stack's deployment lines ({@link LambdaFanoutPricing#measured}).
     */
    public VariantCost lambdaFanout(Scenario s, MeasuredFanout m) {
        return commitments.apply(s, lambdaFanout.measured(s, m));
    }

    /**
     * An ECS Fargate task started per run ({@link FargatePricing}): vCPU- and GB-hours over the image pull (modelled)
     * plus the run, per second with the book's minute minimum, ephemeral storage above 20 GiB, the task's public IPv4
     * while it runs, the schedule's invocations and the hidden costs.
     */
    public VariantCost fargate(Scenario s, FargateTask task) {
        return commitments.apply(s, fargate.price(s, task));
    }

    /** The image pull time a Fargate task is priced with: its own, else the book's assumption. */
    public BigDecimal fargateImagePullSeconds(FargateTask task) {
        return fargate.imagePullSeconds(task);
    }

    /**
     * Lambda with SnapStart ({@link SnapStartPricing}): cold runs bill {@code restoreMs} (null: the book's assumption)
     * instead of INIT; no cache or restore charge for Java.
     */
    public VariantCost lambdaSnapStart(Scenario s, BigDecimal restoreMs) {
        return commitments.apply(s, snapStart.price(s, restoreMs));
    }

    /** The Billed Restore Duration SnapStart is priced with: {@code restoreMs}, else the book's assumption. */
    public BigDecimal snapStartRestoreMs(BigDecimal restoreMs) {
        return snapStart.restoreMs(restoreMs);
    }

    /**
     * Lambda Managed Instances, priced only ({@link LambdaManagedInstances}): the default instance count all month at
     * the EC2 price, the 15 % management fee, requests and hidden costs.
     */
    public VariantCost lambdaManagedInstances(Scenario s) {
        return managedInstances.price(s);
    }

    /** The total cost of some lines, exactly. */
    static BigDecimal sum(List<CostLine> lines) {
        return Billing.sum(lines);
    }
}
