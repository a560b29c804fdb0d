package dev.twinrun.benchmarks.measure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The Lambda deployment zip for a job other than the built-in one: the function's zip with the job spec at
 * {@link #SPEC_ENTRY} (the function's environment then sets {@code TWINRUN_JOB_SPEC} to that path, relative to the
 * task root, the function's working directory) and the user's transformation jar in {@code lib/} (on the function's
 * classpath, as every jar there). The built-in job runs the zip as built.
 */
public final class FunctionZip {
    /** Where the job spec goes in the zip, relative to the task root. */
    public static final String SPEC_ENTRY = "job/job.json";

    /** Entries' time, fixed so the same inputs give the same zip. */
    private static final FileTime ENTRY_TIME = FileTime.fromMillis(1_767_225_600_000L);

    private FunctionZip() {}

    /** The zip the settings' Lambda variant runs: the built one, or one with the spec and the user's jar added. */
    public static Path forJob(ExperimentSettings s) throws IOException {
        if (s.jobSpec() == null && s.userJar() == null) {
            return s.lambdaZip();
        }
        Path out = Files.createDirectories(s.outDir().resolve("work")).resolve("twinrun-lambda-job.zip");
        return write(
                s.lambdaZip(),
                s.jobSpec(),
                s.userJar() == null ? null : s.userJar().jar(),
                out);
    }

    /** Writes {@code base} with {@code spec} at {@link #SPEC_ENTRY} and {@code jar} in {@code lib/} (either null). */
    static Path write(Path base, Path spec, Path jar, Path out) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(base));
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setLastModifiedTime(e.getLastModifiedTime() == null ? ENTRY_TIME : e.getLastModifiedTime());
                zip.putNextEntry(copy);
                in.transferTo(zip);
                zip.closeEntry();
            }
            if (spec != null) {
                if (!names.contains("job/")) {
                    directory(zip, "job/");
                }
                file(zip, SPEC_ENTRY, spec);
            }
            if (jar != null) {
                String entry = "lib/" + jar.getFileName();
                if (names.contains(entry)) {
                    throw new IllegalArgumentException(
                            "--transformation-jar " + jar + ": the function already has " + entry + "; rename the jar");
                }
                file(zip, entry, jar);
            }
        }
        return out;
    }

    /** The Lambda variant's environment for a zip from {@link #forJob}: the spec's path in the zip. */
    public static Map<String, String> lambdaEnvironment(Map<String, String> env) {
        if (env.containsKey("TWINRUN_JOB_SPEC")) {
            env.put("TWINRUN_JOB_SPEC", SPEC_ENTRY);
        }
        return env;
    }

    private static void directory(ZipOutputStream zip, String name) throws IOException {
        ZipEntry d = new ZipEntry(name);
        d.setLastModifiedTime(ENTRY_TIME);
        zip.putNextEntry(d);
        zip.closeEntry();
    }

    private static void file(ZipOutputStream zip, String name, Path file) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(ENTRY_TIME);
        zip.putNextEntry(e);
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo((OutputStream) zip);
        }
        zip.closeEntry();
    }
}
