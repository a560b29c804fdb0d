package dev.twinrun.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerLockTest {
    @TempDir
    Path tmp;

    @Test
    void secondAcquireInTheSameJvmIsRefusedUntilTheFirstIsReleased() {
        Path lock = tmp.resolve("sub/dir/runner.lock");

        try (RunnerLock first = RunnerLock.tryAcquire(lock).orElseThrow()) {
            assertThat(first.path()).as("path").isEqualTo(lock);
            assertThat(RunnerLock.tryAcquire(lock))
                    .as("second acquire while held")
                    .isEmpty();
            assertThat(RunnerLock.holderPid(lock))
                    .as("holder pid written")
                    .contains(ProcessHandle.current().pid());
        }
        Optional<RunnerLock> again = RunnerLock.tryAcquire(lock);
        assertThat(again).as("acquire after release").isPresent();
        again.get().close();
    }

    @Test
    void aLockHeldByAnotherProcessIsBusyAndIsFreedWhenThatProcessIsKilled() throws Exception {
        Path lock = tmp.resolve("runner.lock");
        Path holder = Files.writeString(tmp.resolve("Holder.java"), """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        c.lock();
                        System.out.println("locked");
                        System.out.flush();
                        Thread.sleep(60_000);
                    }
                }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, holder.toString(), lock.toString())
                .redirectErrorStream(true)
                .start();
        try {
            String first =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(first).as("child process took the lock").isEqualTo("locked");

            long t0 = System.nanoTime();
            assertThat(RunnerLock.tryAcquire(lock))
                    .as("lock held by another process")
                    .isEmpty();
            assertThat((System.nanoTime() - t0) / 1_000_000)
                    .as("busy answer is immediate (ms)")
                    .isLessThan(1000);

            p.destroyForcibly(); // SIGKILL: no cleanup code runs in the holder
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("holder died").isTrue();
            Optional<RunnerLock> after = RunnerLock.tryAcquire(lock);
            assertThat(after).as("lock free after the holder was killed").isPresent();
            after.get().close();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aLockFileThatCannotBeCreatedIsAConfigError() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        assertThatThrownBy(() -> RunnerLock.tryAcquire(file.resolve("runner.lock")))
                .as("parent is a regular file")
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("cannot open lock file");
    }
}
