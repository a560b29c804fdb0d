/** The hourly job: {@link dev.twinrun.core.HourJob} is the entry point. */
package dev.twinrun.core;
