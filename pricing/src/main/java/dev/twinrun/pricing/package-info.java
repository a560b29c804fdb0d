/** Cost model over versioned price books: start at {@link dev.twinrun.pricing.CostModel}. */
package dev.twinrun.pricing;
