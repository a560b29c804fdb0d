/** Runs a packaged handler as Lambda runs it, in the real runtime client in its own JVM: {@link dev.twinrun.local.lambda.ForkedLambda}. */
package dev.twinrun.local.lambda;
