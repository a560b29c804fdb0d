/** The {@code ./twinrun} commands: {@link dev.twinrun.cli.TwinrunCli} is the entry point; each command is options plus one call. */
package dev.twinrun.cli;
