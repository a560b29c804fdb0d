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
    void aWorkersClassPathIsTheJarsItsClassLoadLogNamesInClassPathOrder() throws Exception {
        Path a = Files.createFile(dir.resolve("a.jar"));
        Path b = Files.createFile(dir.resolve("b.jar"));
        Path c = Files.createFile(dir.resolve("c.jar"));
        String cp = String.join(File.pathSeparator, a.toString(), b.toString(), c.toString());
        List<String> log = List.of(
                "[0.010s][info][class,load] java.lang.Object source: shared",
                "[0.040s][info][class,load] x.C source: file:" + c,
                "[0.041s][info][class,load] java.util.List source: jrt:/java.base",
                "[0.042s][info][class,load] x.A source: jar:file:" + a + "!/",
                "[0.043s][info][class,load] x.A$1 source: file:" + a,
                "[0.044s][info][class,load] x.Gen source: __JVM_LookupDefineClass__");

        assertThat(CoreBench.loadedJars(cp, log)).isEqualTo(a + File.pathSeparator + c);
        assertThat(CoreBench.loadedJars(cp, List.of("[0.01s][info][class,load] java.lang.Object source: shared")))
                .isNull();
    }

    @Test
    void thePeakHeapIsTheLargestHeapBeforeACollectionOrAtExit() {
        List<String> log = List.of(
                "[0.005s][info][gc] Using Serial",
                "[0.730s][info][gc] GC(0) Pause Young (Allocation Failure) 67M->24M(247M) 18.848ms",
                "[1.100s][info][gc] GC(1) Pause Young (Allocation Failure) 88M->30M(247M) 9.1ms",
                "[2.130s][info][gc,heap,exit] Heap",
                "[2.130s][info][gc,heap,exit]  def new generation   total 78656K, used 48446K [0x0, 0x1, 0x2)",
                "[2.130s][info][gc,heap,exit]   eden space 69952K,  56% used [0x0, 0x1, 0x2)",
                "[2.130s][info][gc,heap,exit]  tenured generation   total 174784K, used 16108K [0x0, 0x1, 0x2)",
                "[2.130s][info][gc,heap,exit]  Metaspace       used 8601K, committed 8896K, reserved 1114112K");

        assertThat(CoreBench.peakHeapMb(log)).isEqualTo(88);
        // No collection: the heap at exit, both generations (48,446 + 16,108 KiB), rounded up.
        assertThat(CoreBench.peakHeapMb(log.subList(3, log.size()))).isEqualTo(64);
        assertThat(CoreBench.peakHeapMb(List.of(
                        "[0.1s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 900K->200K(8M) 1.0ms")))
                .isEqualTo(1);
        assertThat(CoreBench.peakHeapMb(List.of("[0.005s][info][gc] Using Serial")))
                .isEqualTo(-1);
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
