package dev.twinrun.benchmarks.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.benchmarks.stats.Phase;
import dev.twinrun.benchmarks.stats.Platform;
import dev.twinrun.core.HourId;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The EC2 variant on a local S3 endpoint: one fresh {@code java -jar twinrun-ec2.jar run --hour H} per hour, as a cron
 * tick starts it, with the JVM the instance type would give it ({@link InstanceShape}). Wall time is measured here
 * around the process; CPU time and peak RSS by {@code /usr/bin/time} when installed, else by sampling {@code /proc}
 * every 5 ms (the last sample before exit: slightly low); rows and bytes from the runner's JSON log.
 */
public final class Ec2Variant {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TIME = Path.of("/usr/bin/time");

    private Ec2Variant() {}

    /** The output prefix of one repetition. */
    public static String outputPrefix(int repetition) {
        return "ec2/r" + repetition + "/";
    }

    /** Runs every hour once, each in a fresh JVM; each record goes to {@code sink} as soon as it is measured. */
    public static void run(
            Path jar,
            Bucket bucket,
            InstanceShape shape,
            int repetition,
            List<HourId> hours,
            Path workDir,
            Consumer<InvocationRecord> sink,
            Consumer<String> warn,
            ProgressBar bar)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("ec2-r" + repetition));
        Path config = Files.writeString(
                dir.resolve("twinrun.env"), "# written by twinrun compare; the environment overrides it\n");
        for (HourId hour : hours) {
            bar.show("ec2 " + shape.instanceType() + " r" + repetition + " hour " + hour);
            InvocationRecord r = tick(jar, bucket, shape, repetition, hour, dir, config, warn);
            sink.accept(r);
            bar.step("ec2 " + shape.instanceType() + " r" + repetition + " hour " + hour
                    + (r.failed() ? " FAILED" : ""));
        }
    }

    private static InvocationRecord tick(
            Path jar,
            Bucket bucket,
            InstanceShape shape,
            int repetition,
            HourId hour,
            Path dir,
            Path config,
            Consumer<String> warn)
            throws IOException, InterruptedException {
        String name = "tick-" + hour.toString().replace(':', '-');
        Path log = dir.resolve(name + ".log");
        Path out = dir.resolve(name + ".out");
        Path timeFile = dir.resolve(name + ".time");
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>();
        boolean useTime = Files.isExecutable(TIME);
        if (useTime) {
            cmd.addAll(List.of(TIME.toString(), "-o", timeFile.toString(), "-f", "%e %M %U %S"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(shape.jvmOptions());
        if (bucket.userJar() == null) {
            cmd.addAll(List.of("-jar", jar.toString(), "run", "--hour", hour.toString()));
        } else {
            // The user's jar on the runner's classpath, as the instance's cron line puts it (-jar would ignore -cp).
            cmd.addAll(List.of(
                    "-cp",
                    jar + File.pathSeparator + bucket.userJar().jar(),
                    mainClass(jar),
                    "run",
                    "--hour",
                    hour.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TWINRUN_") || k.startsWith("AWS_"));
        env.putAll(bucket.jobEnvironment(outputPrefix(repetition), Platform.EC2.json()));
        env.put("TWINRUN_CONFIG", config.toString());
        env.put("TWINRUN_LOCK_FILE", dir.resolve("runner.lock").toString());
        env.put("TWINRUN_LOG_FILE", log.toString());
        env.put("TWINRUN_STATE_FILE", "-");
        long t0 = System.nanoTime();
        Process p = pb.start();
        ProcSampler sampler = useTime ? null : ProcSampler.start(p);
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        double wallMs = (System.nanoTime() - t0) / 1e6;
        int exit = p.isAlive() ? -1 : p.exitValue();

        Double cpuMs = null;
        Long peakKb = null;
        if (useTime && Files.exists(timeFile)) {
            String[] lines = Files.readString(timeFile).strip().split("\\R");
            String[] t = lines[lines.length - 1].strip().split("\\s+");
            try {
                peakKb = Long.parseLong(t[1]);
                cpuMs = (double) Math.round((Double.parseDouble(t[2]) + Double.parseDouble(t[3])) * 1000);
            } catch (RuntimeException e) {
                warn.accept("cannot read /usr/bin/time output " + timeFile + ": " + String.join(" ", lines));
            }
        } else if (sampler != null) {
            sampler.stop();
            cpuMs = sampler.cpuMs() < 0 ? null : (double) sampler.cpuMs();
            peakKb = sampler.peakKb() < 0 ? null : sampler.peakKb();
        }

        Long rows = null;
        Long bytes = null;
        String outcome = null;
        String runId = null;
        for (JsonNode n : jsonLines(log)) {
            if (n.has("rowsRead") && n.has("outcome") && !n.has("_aws")) {
                rows = n.path("rowsRead").asLong();
                bytes = n.path("bytesRead").asLong();
                outcome = n.path("outcome").asText();
            }
            if (n.has("exitCode")) {
                runId = n.path("runId").asText(null);
                if (peakKb == null && n.has("peakRssKb")) {
                    peakKb = n.path("peakRssKb").asLong();
                }
            }
        }
        boolean failed = exit != 0 || !"PUBLISHED".equals(outcome);
        if (failed) {
            warn.accept("ec2 tick for hour " + hour + " failed: exit " + exit + ", outcome " + outcome + "; output in "
                    + out + " and " + log);
        }
        Integer maxMemoryMb = peakKb == null ? null : (int) ((peakKb + 1023) / 1024);
        return new InvocationRecord(
                Platform.EC2,
                Phase.COLD,
                wallMs,
                cpuMs,
                null,
                null,
                shape.memoryMb(),
                maxMemoryMb,
                rows,
                bytes,
                failed,
                null,
                null,
                shape.instanceType(),
                runId,
                null);
    }

    /** The runner jar's {@code Main-Class}. */
    static String mainClass(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String main = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (main == null) {
                throw new IllegalStateException(jar + " has no Main-Class in its manifest");
            }
            return main;
        }
    }

    /** The runner's JSON log lines in {@code log} (other lines skipped); empty when there is no log. */
    public static List<JsonNode> jsonLines(Path log) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (l.startsWith("{")) {
                try {
                    out.add(JSON.readTree(l));
                } catch (IOException e) {
                    // not one of the runner's JSON lines
                }
            }
        }
        return out;
    }

    /** Samples a child's CPU ticks and peak RSS from /proc until it exits. */
    static final class ProcSampler {
        private final Process process;
        private final Thread thread;
        private volatile long cpuTicks = -1;
        private volatile long peakKb = -1;

        private ProcSampler(Process process) {
            this.process = process;
            this.thread = new Thread(this::loop, "ec2-sampler-" + process.pid());
            this.thread.setDaemon(true);
        }

        static ProcSampler start(Process p) {
            ProcSampler s = new ProcSampler(p);
            s.thread.start();
            return s;
        }

        private void loop() {
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            while (process.isAlive()) {
                try {
                    String s = Files.readString(stat);
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmHWM:")) {
                            peakKb = Math.max(
                                    peakKb,
                                    Long.parseLong(
                                            line.substring(6).replace("kB", "").strip()));
                        }
                    }
                    Thread.sleep(5);
                } catch (IOException | RuntimeException e) {
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            thread.join(1000);
        }

        long cpuMs() {
            return cpuTicks < 0 ? -1 : cpuTicks * 10;
        }

        long peakKb() {
            return peakKb;
        }
    }
}
