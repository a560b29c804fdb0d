/** The streaming CSV reader: {@link dev.twinrun.core.csv.SplitParser} is the entry point. */
package dev.twinrun.core.csv;
