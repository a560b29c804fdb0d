/** A job described in a JSON file: {@link dev.twinrun.core.spec.SpecTransformation} is the entry point. */
package dev.twinrun.core.spec;
