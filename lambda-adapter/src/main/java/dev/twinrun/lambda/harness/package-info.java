/** Runs a packaged handler as Lambda runs it, in the real runtime client in its own JVM: {@link dev.twinrun.lambda.harness.ForkedLambda}. */
package dev.twinrun.lambda.harness;
