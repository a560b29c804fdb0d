/** Lambda handlers over the core hourly job: {@link dev.twinrun.lambda.S3EventHandler}, {@link dev.twinrun.lambda.ScheduledHourHandler}. */
package dev.twinrun.lambda;
