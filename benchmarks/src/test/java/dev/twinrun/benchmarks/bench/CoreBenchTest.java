package dev.twinrun.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreBenchTest {
    @TempDir
    Path dir;

    @Test
    void theWorkersClassPathKeepsTheJarFilesInOrderAndDropsDirectoriesAndMissingJars() throws Exception {
        Path a = Files.createFile(dir.resolve("a.jar"));
        Path b = Files.createFile(dir.resolve("b.jar"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String cp = String.join(
                File.pathSeparator,
                classes.toString(),
                b.toString(),
                dir.resolve("gone.jar").toString(),
                a.toString());

        assertThat(CoreBench.jarEntries(cp)).isEqualTo(b + File.pathSeparator + a);
        assertThat(CoreBench.jarEntries(classes.toString())).isNull();
    }

    @Test
    void fromClassDirectoriesThereIsNoArchivableClassPath() {
        // These tests run from target/classes: the JVM could not archive the workers' classes.
        assertThat(CoreBench.workerClassPath(System.getProperty("java.class.path")))
                .isNull();
    }

    @Test
    void everyWorkerJvmGetsTheSameFlagsBeforeItsOwn() {
        List<String> cmd = CoreBench.jvm(
                "java", List.of("-XX:SharedArchiveFile=x.jsa"), List.of("-Xmx256m"), "cp", List.of("Main", "arg"));

        assertThat(cmd.subList(1, 1 + CoreBench.WORKER_JVM_FLAGS.size())).isEqualTo(CoreBench.WORKER_JVM_FLAGS);
        assertThat(cmd.subList(1 + CoreBench.WORKER_JVM_FLAGS.size(), cmd.size()))
                .containsExactly("-XX:SharedArchiveFile=x.jsa", "-Xmx256m", "-cp", "cp", "Main", "arg");
    }
}
