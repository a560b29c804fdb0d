package dev.twinrun.infra;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.Annotations;
import software.constructs.IConstruct;

/**
 * Finds the adapters' built artifacts, or stands in small placeholders so that tests and {@code cdk synth} work
 * before anything is built.
 *
 * <p>Placeholders go under {@code target/placeholder-assets} (relative to the working directory, which is
 * {@code infra/} for the CDK CLI and for the tests); each use adds a CDK warning. A stack synthesized from
 * placeholders deploys but does nothing useful: build the adapters first, or pass {@code -c requireArtifacts=true}
 * to make a missing artifact an error.
 */
final class Artifacts {

    /** Where placeholders are written. */
    static final Path PLACEHOLDER_DIR = Path.of("target", "placeholder-assets");

    private Artifacts() {}

    /** The Lambda deployment zip, or a placeholder zip. */
    static String lambdaZip(IConstruct scope, TwinrunConfig config) {
        Path path = config.lambdaArtifact();
        if (Files.isRegularFile(path)) {
            return path.toString();
        }
        missing(
                scope,
                config,
                path,
                "lambda-zip",
                "lambda-adapter deployment zip",
                "./mvnw -pl lambda-adapter -am package");
        Path placeholder = PLACEHOLDER_DIR.resolve("twinrun-lambda.zip");
        write(placeholder, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                ZipEntry entry = new ZipEntry("PLACEHOLDER.txt");
                entry.setTime(0L);
                zip.putNextEntry(entry);
                zip.write(("Placeholder: build lambda-adapter, then synthesize again.\n").getBytes(UTF_8));
                zip.closeEntry();
            }
        });
        return placeholder.toString();
    }

    /** The EC2 runner jar, or a placeholder file. */
    static String ec2Jar(IConstruct scope, TwinrunConfig config) {
        Path path = config.ec2Jar();
        if (Files.isRegularFile(path)) {
            return path.toString();
        }
        missing(scope, config, path, "ec2-jar", "ec2-adapter runnable jar", "./mvnw -pl ec2-adapter -am package");
        Path placeholder = PLACEHOLDER_DIR.resolve("twinrun-ec2.jar");
        write(placeholder, out -> out.write("placeholder: build ec2-adapter\n".getBytes(UTF_8)));
        return placeholder.toString();
    }

    /** The EC2 install bundle directory (install.sh, systemd units, CloudWatch agent config), or a placeholder. */
    static String ec2InstallDir(IConstruct scope, TwinrunConfig config) {
        Path path = config.ec2InstallDir();
        if (Files.isRegularFile(path.resolve("install.sh"))) {
            return path.toString();
        }
        missing(
                scope,
                config,
                path,
                "ec2-install",
                "ec2-adapter install bundle (install.sh)",
                "see ec2-adapter/src/main/install");
        Path dir = PLACEHOLDER_DIR.resolve("install");
        write(
                dir.resolve("install.sh"),
                out -> out.write(("#!/bin/bash\n"
                                + "echo 'twinrun: placeholder install bundle, nothing installed; build ec2-adapter and redeploy' >&2\n"
                                + "exit 1\n")
                        .getBytes(UTF_8)));
        return dir.toString();
    }

    private static void missing(
            IConstruct scope, TwinrunConfig config, Path path, String key, String what, String build) {
        String message = "twinrun: " + what + " not found at "
                + path.toAbsolutePath().normalize() + "; build it with `" + build + "`";
        if (config.requireArtifacts()) {
            throw new IllegalStateException(message + " (requireArtifacts=true)");
        }
        Annotations.of(scope).addWarningV2("twinrun:placeholder-" + key, message + "; using a placeholder asset");
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path file, Writer writer) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                writer.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write placeholder " + file, e);
        }
    }
}
