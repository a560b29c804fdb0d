/** The hourly job: {@link dev.twinrun.core.job.HourJob} is the entry point. */
package dev.twinrun.core;
