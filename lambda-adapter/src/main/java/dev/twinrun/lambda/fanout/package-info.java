/** The Lambda fan-out variant's three Step Functions tasks: {@link dev.twinrun.lambda.fanout.PlanHandler}, {@link dev.twinrun.lambda.fanout.ShardHandler}, {@link dev.twinrun.lambda.fanout.MergeHandler}. */
package dev.twinrun.lambda.fanout;
