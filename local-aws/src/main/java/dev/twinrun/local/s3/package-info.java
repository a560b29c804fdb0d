/** A real S3 API server in this JVM (s3proxy): {@link dev.twinrun.local.s3.EmbeddedS3}. */
package dev.twinrun.local.s3;
