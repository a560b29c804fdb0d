/** The built-in transformation: {@link dev.twinrun.core.ecommerce.EcommerceInsights} is the entry point. */
package dev.twinrun.core.ecommerce;
