/** Allocation-free aggregation structures: {@link dev.twinrun.core.agg.ByteDict} is the entry point. */
package dev.twinrun.core.agg;
