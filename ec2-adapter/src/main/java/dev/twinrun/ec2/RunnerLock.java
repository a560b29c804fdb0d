package dev.twinrun.ec2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive, non-blocking lock on a file, held for the life of one runner process.
 *
 * <p>It is an OS lock ({@code fcntl}), so the kernel releases it when the process dies, even on kill -9:
 * a stale lock file never blocks the next run. The holder's pid is written into the file for the
 * "busy" message; the file itself is never deleted (deleting it would let two processes lock two
 * different inodes).
 */
public final class RunnerLock implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private RunnerLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock if free, else returns empty at once; a file that cannot be created is a {@link ConfigError}.
     */
    public static Optional<RunnerLock> tryAcquire(Path path) {
        FileChannel channel;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ConfigError(
                    "cannot open lock file " + path + ": " + e
                            + "; set --lock-file or TWINRUN_LOCK_FILE to a writable path",
                    e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this same JVM
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return Optional.of(new RunnerLock(path, channel, lock));
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new ConfigError("cannot lock " + path + ": " + e, e);
        }
    }

    /** The pid written by the current holder, if readable. */
    public static Optional<Long> holderPid(Path path) {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            channel.truncate(0); // no pid: nobody runs (status reads this)
        } catch (IOException ignored) {
            // a stale pid only makes status check a dead process
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do: the OS drops the lock with the descriptor
        }
    }
}
