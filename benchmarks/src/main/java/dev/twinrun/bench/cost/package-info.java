/** Cost model over versioned price books: start at {@link dev.twinrun.bench.cost.CostModel}. */
package dev.twinrun.bench.cost;
