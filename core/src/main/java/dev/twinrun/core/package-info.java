/** The hourly job: shared values ({@link dev.twinrun.core.HourId}); the job itself is in {@code core.job}. */
package dev.twinrun.core;
