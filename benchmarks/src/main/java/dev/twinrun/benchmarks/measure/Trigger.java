package dev.twinrun.benchmarks.measure;

/**
 * What starts a run of the job when an hour's files arrive over time. The measured ones run the real deployment zip
 * or runner jar; {@code ec2-per-run} and {@code fargate} reuse the cron tick's measurement and add their start-up,
 * which only AWS can show (modelled from the price book's assumption lines).
 */
public enum Trigger {
    /**
     * The S3-triggered function, one invocation per {@code ObjectCreated} event (every file), without the debounce
     * ({@code lambdaQuietMinutes=0}): every event publishes the hour.
     */
    LAMBDA_S3_EVENT("lambda-s3-event", "Lambda per S3 event", true),
    /**
     * The function on a completion signal, as the stack deploys it with {@code trigger=s3} and its default debounce:
     * every {@code .csv} event only parses its file while the hour is open, the rate rule publishes quiet hours
     * provisionally, and the exporter writes {@code hour=HH/_COMPLETE} after the hour's last file, whose S3 event
     * (the stack's {@code /_COMPLETE} notification filter) reaches the same S3 handler and publishes the hour final.
     */
    LAMBDA_COMPLETE("lambda-complete-marker", "Lambda on _COMPLETE marker", true),
    /**
     * The other completion signal: the same stack and debounce with {@code lambdaExpectedFiles} set to the hour's file
     * count and no marker; the event of the file that completes the count publishes the hour final.
     */
    LAMBDA_EXPECTED("lambda-expected-files", "Lambda on expected file count", true),
    /** The scheduled handler at :05 every hour (the stacks' {@code cron(5 * * * ? *)}): the due hours up to the previous. */
    LAMBDA_SCHEDULE("lambda-schedule", "Lambda on schedule :05", true),
    /**
     * The fan-out stack: its :05 rule starts the state machine (Plan, Shards map, Merge, PlanNext until no hour is
     * due), stepped in the harness with the zip's Plan, Shard and Merge handlers ({@link FanoutExecution}).
     */
    LAMBDA_FANOUT("lambda-fanout", "Lambda fan-out :05 (Step Functions)", true),
    /** The always-on instance's cron: {@code run-due} at :05 every hour. */
    EC2_CRON("ec2-cron", "EC2 cron :05 (always on)", true),
    /** An instance started by the :05 schedule: the cron tick plus the modelled boot. */
    EC2_PER_RUN("ec2-per-run", "EC2 per run :05 (+ boot)", false),
    /** A Fargate task started by the :05 schedule: the cron tick plus the modelled image pull. */
    FARGATE("fargate", "Fargate task :05 (+ image pull)", false);

    private final String id;
    private final String label;
    private final boolean measured;

    Trigger(String id, String label, boolean measured) {
        this.id = id;
        this.label = label;
        this.measured = measured;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The trigger of {@code id} ({@link #id}), if there is one. */
    public static java.util.Optional<Trigger> of(String id) {
        return java.util.Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    /** The debounced event triggers: the S3 handler with the stacks' default quiet period and its rate rule. */
    public boolean debounced() {
        return this == LAMBDA_COMPLETE || this == LAMBDA_EXPECTED;
    }

    /** The event triggers: S3 notifications reach the S3 handler (and, debounced, the rate rule too). */
    public boolean eventDriven() {
        return this == LAMBDA_S3_EVENT || debounced();
    }

    /** Whether the harness runs it; the others are derived from the cron tick. */
    public boolean measured() {
        return measured;
    }
}
