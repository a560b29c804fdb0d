package dev.twinrun.core.store;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ObjectStore} over a local folder; writes go to a temporary file and are renamed into place.
 *
 * <p>The entity tag of a file is a digest of its file key (inode), modification time (to the nanosecond the file
 * system keeps) and size: every {@code put} renames a new file into place, so it changes on every write, and an editor
 * that rewrites a file in place changes its modification time. Reading the content to hash it would cost a full read
 * of every input at every listing. {@link #putIf} holds a lock (in this JVM and, through a lock file, across
 * processes on the same machine) around the compare and the rename.
 */
public final class LocalObjectStore implements ObjectStore {
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    /** Temporary files carry this prefix so a crashed write is never listed as an object. */
    static final String TMP_PREFIX = ".twinrun-tmp-";

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    private Path resolve(String key) {
        Path p = root.resolve(Keys.check(key)).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("object key escapes the store root: '" + key + "'");
        }
        return p;
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        // Walk only the folder the prefix names, not the whole root.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(Keys.check(prefix.substring(0, slash)));
        if (!start.normalize().startsWith(root) || !Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> out = new ArrayList<>();
        // A file written meanwhile comes and goes as a temporary file beside its key: an entry that is gone by the
        // time its attributes are read is skipped, where Files.walk would fail the whole listing.
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes found) throws IOException {
                BasicFileAttributes a = found;
                if (a.isSymbolicLink()) { // a linked file is listed as the file it links to
                    try {
                        a = Files.readAttributes(p, BasicFileAttributes.class);
                    } catch (NoSuchFileException gone) {
                        return FileVisitResult.CONTINUE;
                    }
                }
                if (!a.isRegularFile() || p.getFileName().toString().startsWith(TMP_PREFIX)) {
                    return FileVisitResult.CONTINUE;
                }
                String key =
                        root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix)) {
                    out.add(new ObjectInfo(key, a.size(), etag(a)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed while listing: not listed
                }
                throw e;
            }
        });
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        Path p = resolve(key);
        BasicFileAttributes a = attributes(p);
        return a == null ? Optional.empty() : Optional.of(new ObjectInfo(key, a.size(), etag(a)));
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? a : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The entity tag: a digest of file key, modification time in nanoseconds, and size. */
    static String etag(BasicFileAttributes a) {
        String identity = a.fileKey() + "|" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "|" + a.size();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    private static String etagOrNull(Path p) throws IOException {
        BasicFileAttributes a = attributes(p);
        return a == null ? null : etag(a);
    }

    @Override
    public InputStream open(String key, long offset, String etag) throws IOException {
        if (etag == null || etag.isEmpty()) {
            return open(key, offset);
        }
        Path p = resolve(key);
        // The file open now is the listed one when its tag matches both before and after the open: a put renames a
        // new file into place, so a replacement in between shows as a different tag afterwards.
        if (!etag.equals(etagOrNull(p))) {
            throw new ObjectChangedException(
                    p + ": changed since it was listed (entity tag is no longer " + etag + ")");
        }
        InputStream in;
        try {
            in = open(key, offset);
        } catch (NoSuchFileException e) {
            throw new ObjectChangedException(p + ": removed since it was listed", e);
        }
        if (!etag.equals(etagOrNull(p))) {
            in.close();
            throw new ObjectChangedException(
                    p + ": changed since it was listed (entity tag is no longer " + etag + ")");
        }
        return in;
    }

    /** The SHA-256 of the listed version of the file (read from disk; a file replaced since it was listed throws). */
    @Override
    public Optional<String> contentDigest(ObjectInfo object) throws IOException {
        try (InputStream in = open(object.key(), 0, object.etag())) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return Optional.of(HexFormat.of().formatHex(d.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        Path p = resolve(key);
        SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.READ);
        try {
            ch.position(offset);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return Channels.newInputStream(ch);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path target = resolve(key);
        Path tmp = tempFor(target);
        try {
            Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Path tmp = tempFor(target);
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Upload upload(String key) throws IOException {
        Path target = resolve(key);
        Path tmp = tempFor(target);
        OutputStream out;
        try {
            out = new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    1 << 16);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Upload() {
            private boolean done;

            @Override
            public OutputStream stream() {
                return new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush(); // committing is commit()'s
                    }
                };
            }

            @Override
            public void commit() throws IOException {
                if (done) {
                    throw new IllegalStateException("upload of " + target + " already committed or discarded");
                }
                done = true;
                try {
                    out.close();
                    moveIntoPlace(tmp, target);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }

            @Override
            public void close() throws IOException {
                if (done) {
                    return;
                }
                done = true;
                try {
                    out.close();
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        };
    }

    @Override
    public boolean putIf(String key, byte[] bytes, String expectedEtag) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path lockFile = target.resolveSibling(TMP_PREFIX + "lock-" + target.getFileName());
        synchronized (LOCKS.computeIfAbsent(target, k -> new Object())) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                String now = etagOrNull(target);
                if (!Objects.equals(now, expectedEtag)) {
                    return false;
                }
                put(key, bytes);
                return true;
            }
        }
    }

    private static Path tempFor(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), TMP_PREFIX, ".part");
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
