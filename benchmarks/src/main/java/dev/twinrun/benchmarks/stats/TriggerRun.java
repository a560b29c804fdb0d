package dev.twinrun.benchmarks.stats;

import java.util.List;

/**
 * One trigger measured on hours whose files arrive over time (twinrun compare --arrival).
 *
 * @param trigger          the trigger's id ({@code lambda-s3-event}, {@code ec2-cron}, ...)
 * @param label            its name in the report
 * @param platform         {@code lambda} or {@code ec2}
 * @param memoryMb         Lambda: the memory size; EC2: the instance's memory
 * @param instanceType     EC2: the instance type; null for Lambda
 * @param hours            hours run
 * @param invocations      invocations (Lambda) or runner processes (EC2) over all hours
 * @param bytesRead        input bytes read over all hours, as the runs logged them
 * @param invocationMs     each invocation's time: Lambda billed ms (INIT included when cold), EC2 the process's wall time
 * @param timeToInsightMs  per hour that got one: from its last file landing to a publication that includes it being
 *                         visible; waits for a schedule are counted uncompressed, runs as measured
 * @param scheduleWaitMs   per such hour, the part spent waiting: for a schedule trigger, for the schedule; for an
 *                         event trigger, for the harness's one execution environment to finish the invocation before
 *                         the one that published the hour (on AWS that event would get another environment)
 * @param unpublishedHours hours with no publication including their last file by the end of the run
 * @param failed           invocations that failed
 * @param s3Requests       the S3 requests its processes made over all hours, by kind ({@code GET}, {@code PUT},
 *                         {@code LIST}, {@code HEAD}, {@code DELETE}, and {@code partials.*} for those under
 *                         {@code _partials/}), as counted in front of the embedded server; null when not counted
 *                         (the AWS target, an older arrival.json)
 * @param stateMachine     the fan-out's executions as the harness stepped the deployed state machine: {@code
 *                         executions}, {@code transitions} (the parent's states entered, as Step Functions Standard
 *                         bills them), {@code childExecutions} (Map items, each with its Shard task), and invocations by
 *                         function ({@code plan}, {@code shard}, {@code merge}); null for every other trigger
 */
public record TriggerRun(
        String trigger,
        String label,
        String platform,
        int memoryMb,
        String instanceType,
        int hours,
        int invocations,
        long bytesRead,
        List<Double> invocationMs,
        List<Double> timeToInsightMs,
        List<Double> scheduleWaitMs,
        int unpublishedHours,
        int failed,
        java.util.Map<String, Long> s3Requests,
        java.util.Map<String, Long> stateMachine) {
    public TriggerRun {
        stateMachine = stateMachine == null
                ? null
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(stateMachine));
        s3Requests =
                s3Requests == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(s3Requests));
        invocationMs = List.copyOf(invocationMs);
        timeToInsightMs = List.copyOf(timeToInsightMs);
        scheduleWaitMs = List.copyOf(scheduleWaitMs);
    }
}
