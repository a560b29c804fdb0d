package dev.twinrun.local.lambda;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What to run and with which Lambda settings; build one with {@link #builder(Path, String)}.
 *
 * @param artifact           the deployment zip (classes at the root, {@code lib/*.jar}) or an already extracted directory
 * @param handler            the handler string, {@code package.Class} or {@code package.Class::method}
 * @param memoryMb           the function's memory size, 128 to 10240
 * @param timeout            the function timeout; the init phase gets the larger of this and Lambda's 10 s
 * @param functionName       the function name, in the ARN and the environment
 * @param region             the region, in the ARN and {@code AWS_REGION}
 * @param environment        the function's environment variables (added to the ones Lambda sets)
 * @param runtimeClasspath   jars of the managed runtime (the runtime interface client and its dependencies)
 * @param javaExecutable     the {@code java} launcher of the forked JVM
 * @param capCores           after its init, pin the forked JVM to as many cores as Lambda would give it ({@code taskset})
 * @param enforceMemoryLimit kill the runtime, as Lambda does, when its resident set exceeds {@code memoryMb}
 * @param logSink            receives every line the runtime writes, as it is written
 */
public record LambdaSpec(
        Path artifact,
        String handler,
        int memoryMb,
        Duration timeout,
        String functionName,
        String region,
        Map<String, String> environment,
        List<Path> runtimeClasspath,
        Path javaExecutable,
        boolean capCores,
        boolean enforceMemoryLimit,
        Consumer<String> logSink) {

    /** Lambda's CPU share: one full vCPU at this memory size, proportionally less or more. */
    public static final int MB_PER_VCPU = 1769;
    /** Lambda's ceiling of vCPUs (at 10,240 MB). */
    public static final int MAX_VCPUS = 6;

    public LambdaSpec {
        requireNonNull(artifact, "artifact");
        requireNonNull(handler, "handler");
        requireNonNull(timeout, "timeout");
        requireNonNull(functionName, "functionName");
        requireNonNull(region, "region");
        requireNonNull(javaExecutable, "javaExecutable");
        requireNonNull(logSink, "logSink");
        environment = Map.copyOf(environment);
        runtimeClasspath = List.copyOf(runtimeClasspath);
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("memoryMb must be 128..10240, was " + memoryMb);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("timeout must be in (0, 15 min], was " + timeout);
        }
        if (runtimeClasspath.isEmpty()) {
            throw new IllegalArgumentException("runtimeClasspath is empty");
        }
    }

    /** A builder for the given artifact and handler. */
    public static Builder builder(Path artifact, String handler) {
        return new Builder(artifact, handler);
    }

    /** The CPU share Lambda gives this memory size, in vCPUs (0.29 at 512 MB, 1.0 at 1769 MB, at most 6). */
    public double vcpuShare() {
        return Math.min(MAX_VCPUS, memoryMb / (double) MB_PER_VCPU);
    }

    /** Whole cores the forked JVM may use and reports: the share rounded up, at least 1. */
    public int activeProcessorCount() {
        return (int) Math.max(1, Math.ceil(vcpuShare()));
    }

    /** The maximum heap the managed Java runtime sets: 85 % of the memory size, in KiB. */
    public long maxHeapKb() {
        return memoryMb * 1024L * 85 / 100;
    }

    /** Builder; every default is stated on its setter. */
    public static final class Builder {
        private final Path artifact;
        private final String handler;
        private int memoryMb = 512;
        private Duration timeout = Duration.ofMinutes(15);
        private String functionName = "twinrun-local";
        private String region = "us-east-1";
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<Path> runtimeClasspath;
        private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
        private boolean capCores = true;
        private boolean enforceMemoryLimit = true;
        private Consumer<String> logSink = line -> {};

        private Builder(Path artifact, String handler) {
            this.artifact = requireNonNull(artifact, "artifact");
            this.handler = requireNonNull(handler, "handler");
        }

        /** Memory size in MB; default 512. */
        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        /** Function timeout; default 15 minutes (Lambda's maximum). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Function name; default {@code twinrun-local}. */
        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /** Region; default {@code us-east-1}. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** One environment variable of the function; none by default. */
        public Builder env(String name, String value) {
            this.environment.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
            return this;
        }

        /** Several environment variables of the function; none by default. */
        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /** Runtime jars; default: the runtime interface client and its dependencies found on this JVM's classpath. */
        public Builder runtimeClasspath(List<Path> jars) {
            this.runtimeClasspath = List.copyOf(jars);
            return this;
        }

        /** The java launcher; default: the one running this JVM. */
        public Builder javaExecutable(Path java) {
            this.javaExecutable = java;
            return this;
        }

        /** After the init, pin the runtime to {@link LambdaSpec#activeProcessorCount()} cores with taskset when present; default true. */
        public Builder capCores(boolean capCores) {
            this.capCores = capCores;
            return this;
        }

        /** Kill the runtime when its resident set exceeds the memory size; default true. */
        public Builder enforceMemoryLimit(boolean enforce) {
            this.enforceMemoryLimit = enforce;
            return this;
        }

        /** Receives each line the runtime writes; default: discarded (the lines are still in each {@link Invocation}). */
        public Builder logSink(Consumer<String> sink) {
            this.logSink = sink;
            return this;
        }

        public LambdaSpec build() {
            List<Path> cp = runtimeClasspath != null ? runtimeClasspath : RuntimeClasspath.locate();
            return new LambdaSpec(
                    artifact,
                    handler,
                    memoryMb,
                    timeout,
                    functionName,
                    region,
                    environment,
                    cp,
                    javaExecutable,
                    capCores,
                    enforceMemoryLimit,
                    logSink);
        }
    }
}
