/** The pluggable transformation: {@link dev.twinrun.core.transform.Transformation} is the entry point. */
package dev.twinrun.core.transform;
