package dev.twinrun.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinrun infra}: the CDK app's everyday steps, run where they live (the infra module and its pinned
 * CLI), so the launcher needs no CDK classes of its own.
 */
@Command(
        name = "infra",
        mixinStandardHelpOptions = true,
        description = "Synthesize the CDK app offline, and list what each variant creates and how it bills.",
        subcommands = {InfraCommand.Synth.class, InfraCommand.Inventory.class})
public final class InfraCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static Path home() {
        String h = System.getenv("TWINRUN_HOME");
        return Path.of(h == null ? "." : h).toAbsolutePath().normalize();
    }

    static int exec(Path dir, List<String> cmd) throws Exception {
        return new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .inheritIO()
                .start()
                .waitFor();
    }

    @Command(
            name = "synth",
            mixinStandardHelpOptions = true,
            description = "npm ci (pinned aws-cdk) then `cdk synth` into infra/cdk.out; no AWS credentials needed.")
    static final class Synth implements Callable<Integer> {
        @Option(names = "-c", description = "CDK context, e.g. -c lambdaMemoryMb=1769 (repeatable).")
        List<String> context = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path infra = home().resolve("infra");
            if (!Files.isDirectory(infra.resolve("node_modules").resolve("aws-cdk"))) {
                int rc = exec(infra, List.of("npm", "ci", "--no-audit", "--no-fund"));
                if (rc != 0) {
                    return rc;
                }
            }
            List<String> cmd = new ArrayList<>(List.of("npx", "--no-install", "cdk", "synth", "--quiet"));
            for (String c : context) {
                cmd.add("-c");
                cmd.add(c);
            }
            return exec(infra, cmd);
        }
    }

    @Command(
            name = "inventory",
            mixinStandardHelpOptions = true,
            description =
                    "After `twinrun infra synth`: per variant, what is created and what bills by the hour vs per use.")
    static final class Inventory implements Callable<Integer> {
        @Option(names = "--json", description = "JSON for the cost model instead of text.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path root = home();
            List<String> cmd = new ArrayList<>(List.of(
                    root.resolve("mvnw").toString(),
                    "-q",
                    "-pl",
                    "infra",
                    "-Dtwinrun.cdk.app",
                    "compile",
                    "exec:java",
                    "-Dtwinrun.infra.main=dev.twinrun.infra.inventory.TemplateInventory"));
            if (json) {
                cmd.add("-Dtwinrun.infra.args=--json");
            }
            return exec(root, cmd);
        }
    }
}
