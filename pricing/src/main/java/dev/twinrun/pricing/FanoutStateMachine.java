package dev.twinrun.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * The states the deployed fan-out state machine (infra's {@code FanoutVariantStack}) passes through, which is what
 * Step Functions Standard bills: one state transition each time a state runs (Choice and Succeed states too). An
 * execution plans the oldest due hour, runs its shards and merges them, then plans the next due hour, until Plan
 * answers done. infra's {@code FanoutVariantStackTest} walks the synthesized definition and fails when these lists
 * differ from it.
 */
public final class FanoutStateMachine {

    /** An execution that does one hour: Plan, HourDue, Shards, Merge, PlanNext, HourDue (done), NoHourDue. */
    public static final List<String> FIRST_HOUR =
            List.of("Plan", "HourDue", "Shards", "Merge", "PlanNext", "HourDue", "NoHourDue");

    /** Each further hour the same execution catches up: Shards, Merge, PlanNext, HourDue. */
    public static final List<String> EXTRA_HOUR = List.of("Shards", "Merge", "PlanNext", "HourDue");

    /** The states of one child execution of the Distributed Map (its Shard task; retries not counted). */
    public static final List<String> CHILD = List.of("Shard");

    private FanoutStateMachine() {}

    /** The parent's transitions of one execution that does {@code hours} hours (at least 1). */
    public static int parentTransitions(int hours) {
        if (hours < 1) {
            throw new IllegalArgumentException("an execution that plans an hour does at least 1: " + hours);
        }
        return FIRST_HOUR.size() + (hours - 1) * EXTRA_HOUR.size();
    }

    /** The parent's transitions per hour when each execution does {@code hours} hours. */
    static BigDecimal parentTransitionsPerHour(int hours) {
        return BigDecimal.valueOf(parentTransitions(hours)).divide(BigDecimal.valueOf(hours), Billing.MC);
    }
}
