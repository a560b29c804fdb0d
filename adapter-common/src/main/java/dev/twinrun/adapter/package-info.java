/** What the Lambda and EC2 adapters share: log fields, JSON logs, EMF metrics, the per-hour run log. */
package dev.twinrun.adapter;
