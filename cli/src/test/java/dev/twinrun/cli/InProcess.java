package dev.twinrun.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Objects;

/** Runs the CLI in this JVM and keeps what it printed; the artifacts the ITs run, as failsafe names them. */
final class InProcess {
    private InProcess() {}

    /** The exit code and what one run printed. */
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = TwinrunCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The packaged Lambda zip (failsafe sets {@code twinrun.lambda.zip}). */
    static Path lambdaZip() {
        return artifact("twinrun.lambda.zip");
    }

    /** The packaged EC2 runner jar (failsafe sets {@code twinrun.ec2.jar}). */
    static Path ec2Jar() {
        return artifact("twinrun.ec2.jar");
    }

    private static Path artifact(String property) {
        return Path.of(Objects.requireNonNull(
                System.getProperty(property), "system property " + property + " (set by the failsafe configuration)"));
    }
}
