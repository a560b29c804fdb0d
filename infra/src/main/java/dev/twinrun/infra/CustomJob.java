package dev.twinrun.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import software.constructs.IConstruct;
import software.constructs.Node;

/**
 * A job other than the built-in one, shipped with the function and the instance, from the context: a job spec
 * ({@code -c job=job.json}) or a user's transformation ({@code -c transformationJar=my.jar
 * -c transformation=com.acme.MyJob}); docs/JOBS.md and examples/README.md.
 *
 * <p>The Lambda zip gets the spec at {@code job/job.json} ({@code TWINRUN_JOB_SPEC=/var/task/job/job.json}, the task
 * root) and the jar in {@code lib/}, which is on the function's classpath; the EC2 runner jar gets the jar's classes
 * (it runs as {@code java -jar}, which takes no other classpath) and the instance the spec at
 * {@link #EC2_SPEC}. Both get {@code TWINRUN_TRANSFORMATION=CLASS} for a jar, {@code TWINRUN_JOB_SPEC} instead of
 * {@code TWINRUN_TRANSFORMATION} for a spec.
 *
 * @param spec      the job spec file, or null
 * @param jar       the transformation jar, or null
 * @param className the transformation class in {@code jar}, or null
 */
record CustomJob(Path spec, Path jar, String className) {
    static final String LAMBDA_SPEC = "/var/task/job/job.json";
    static final String EC2_SPEC = "/etc/twinrun/job.json";
    static final Path DIR = Path.of("target", "custom-job");

    CustomJob {
        if ((jar == null) != (className == null)) {
            throw new IllegalArgumentException(
                    "-c transformationJar and -c transformation go together: the jar and the class in it");
        }
        if (spec != null && jar != null) {
            throw new IllegalArgumentException("-c job and -c transformationJar select the same thing; give one");
        }
        for (Path p : new Path[] {spec, jar}) {
            if (p != null && !Files.isRegularFile(p)) {
                throw new IllegalArgumentException(
                        (p == spec ? "-c job=" : "-c transformationJar=") + p + ": no such file");
            }
        }
    }

    /** The custom job the app's context names, if any. */
    static Optional<CustomJob> of(IConstruct scope) {
        Node node = Node.of(scope);
        String spec = text(node.tryGetContext("job"));
        String jar = text(node.tryGetContext("transformationJar"));
        String cls = text(node.tryGetContext("transformation"));
        if (spec == null && jar == null) {
            return Optional.empty();
        }
        // -c transformation alone names a class already on the classpath (TwinrunConfig); with a jar it is the jar's.
        return Optional.of(new CustomJob(
                spec == null ? null : Path.of(spec), jar == null ? null : Path.of(jar), jar == null ? null : cls));
    }

    private static String text(Object o) {
        return o == null || o.toString().isBlank() ? null : o.toString();
    }

    /** {@code env} with this job's settings, the spec at {@code specPath}. */
    Map<String, String> environment(Map<String, String> env, String specPath) {
        Map<String, String> out = new LinkedHashMap<>(env);
        if (spec != null) {
            out.remove("TWINRUN_TRANSFORMATION");
            out.put("TWINRUN_JOB_SPEC", specPath);
        }
        if (className != null) {
            out.put("TWINRUN_TRANSFORMATION", className);
        }
        return out;
    }

    /** The Lambda zip {@code base} with the spec at {@code job/job.json} and the jar in {@code lib/}. */
    String lambdaZip(String base) {
        Path out = DIR.resolve("twinrun-lambda.zip");
        write(out, base, zip -> {
            if (spec != null) {
                add(zip, "job/job.json", spec);
            }
            if (jar != null) {
                add(zip, "lib/" + jar.getFileName(), jar);
            }
        });
        return out.toString();
    }

    /** The runner jar {@code base} with the transformation jar's classes (its manifest and signatures left out). */
    String ec2Jar(String base) {
        if (jar == null) {
            return base;
        }
        Path out = DIR.resolve("twinrun-ec2.jar");
        write(out, base, zip -> {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    String n = e.getName();
                    if (n.startsWith("META-INF/")
                            && (n.equals("META-INF/MANIFEST.MF")
                                    || n.endsWith(".SF")
                                    || n.endsWith(".RSA")
                                    || n.endsWith(".DSA")
                                    || n.equals("META-INF/"))) {
                        continue;
                    }
                    if (!zip.names.add(n)) {
                        if (n.endsWith("/")) {
                            continue;
                        }
                        throw new IllegalArgumentException("-c transformationJar=" + jar + ": " + n
                                + " is in the runner jar already; the jar must hold only its own classes");
                    }
                    entry(zip.out, n);
                    in.transferTo(zip.out);
                    zip.out.closeEntry();
                }
            }
        });
        return out.toString();
    }

    /** A zip being written and the names it has. */
    private record Zip(ZipOutputStream out, Set<String> names) {}

    @FunctionalInterface
    private interface Extra {
        void add(Zip zip) throws IOException;
    }

    private static void write(Path out, String base, Extra extra) {
        try {
            Files.createDirectories(out.getParent());
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Path.of(base)));
                    ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
                Zip z = new Zip(zip, new HashSet<>());
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    z.names().add(e.getName());
                    entry(zip, e.getName());
                    in.transferTo(zip);
                    zip.closeEntry();
                }
                extra.add(z);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(Zip zip, String name, Path file) throws IOException {
        if (!zip.names().add(name)) {
            throw new IllegalArgumentException(name + " is in the deployment zip already; rename " + file);
        }
        entry(zip.out(), name);
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(zip.out());
        }
        zip.out().closeEntry();
    }

    /** A new entry with a fixed time, so the same inputs give the same bytes (and the same asset hash). */
    private static void entry(ZipOutputStream zip, String name) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0L);
        zip.putNextEntry(e);
    }
}
