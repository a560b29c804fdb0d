/** One hour of the job: list, scan, aggregate, publish: {@link dev.twinrun.core.job.HourJob}. */
package dev.twinrun.core.job;
