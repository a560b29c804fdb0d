/** The CDK app that deploys twinrun's two variants; entry point {@link dev.twinrun.infra.TwinrunApp}. */
package dev.twinrun.infra;
