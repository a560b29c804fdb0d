package dev.twinrun.cli;

import dev.twinrun.core.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./twinrun} launcher: one subcommand per project task. */
@Command(
        name = "twinrun",
        mixinStandardHelpOptions = true,
        version = "twinrun 0.1.0",
        description = "Lambda or EC2 cron for an hourly CSV-to-insights job? Run both, measure, price, compare.",
        subcommands = {
            GenerateCommand.class,
            TransformCommand.class,
            BenchCommand.class,
            CostCommand.class,
            InfraCommand.class,
            ReportCommand.class,
            CompareCommand.class,
            PricebookCommand.class
        })
public final class TwinrunCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; errors print one clear line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TwinrunCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("twinrun " + cmd.getCommandName() + ": " + message(e));
            if (System.getenv("TWINRUN_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return e instanceof IllegalArgumentException || e instanceof ConfigException ? 2 : 1;
        });
        return cl;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
