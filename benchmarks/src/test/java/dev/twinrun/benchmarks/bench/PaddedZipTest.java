package dev.twinrun.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function's zip with a generated dependency added ({@code bench lambda --added-dependency-mb}). */
class PaddedZipTest {
    @TempDir
    Path tmp;

    @Test
    void theCopyKeepsEveryEntryAndAddsOneJarOfAboutTheSizeAsked() throws Exception {
        Path base = baseZip();
        long asked = 1L << 20;
        PaddedZip.Padding p = PaddedZip.write(base, tmp.resolve("padded.zip"), asked, 42);

        List<String> names = names(p.zip());
        assertThat(names).containsExactly("handler/Fn.class", "lib/", "lib/dep.jar", PaddedZip.JAR);
        try (ZipFile z = new ZipFile(p.zip().toFile())) {
            assertThat(z.getInputStream(z.getEntry("lib/dep.jar")).readAllBytes())
                    .isEqualTo("a jar".getBytes());
            assertThat(z.getEntry(PaddedZip.JAR).getSize()).isEqualTo(p.jarBytes());
        }
        // About the size asked: at most 1 % off.
        assertThat(p.jarBytes()).isBetween(asked - asked / 100, asked + asked / 100);
        // The zip deflates the jar a little more (its headers and names), as it does the function's real jars.
        assertThat(Files.size(p.zip()) - Files.size(base)).isBetween(p.jarBytes() * 8 / 10, p.jarBytes());
        assertThat(PaddedZip.unzippedBytes(p.zip())).isEqualTo(PaddedZip.unzippedBytes(base) + p.jarBytes());
        // Compresses as bytecode does (real class files deflate to roughly a third to a half), not as zeros.
        assertThat((double) p.jarBytes() / p.classBytes()).isBetween(0.2, 0.7);
        assertThat(p.classes()).isGreaterThan(100);
    }

    @Test
    void theGeneratedClassesPassTheVerifierAndTheirMethodsRun() throws Exception {
        PaddedZip.Padding p = PaddedZip.write(baseZip(), tmp.resolve("padded.zip"), 64 * 1024, 7);
        Path jar = tmp.resolve("padding.jar");
        try (ZipFile z = new ZipFile(p.zip().toFile())) {
            Files.write(jar, z.getInputStream(z.getEntry(PaddedZip.JAR)).readAllBytes());
        }
        List<String> classes = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Premain-Class"))
                    .isEqualTo(PaddingLoader.class.getName());
            assertThat(j.getEntry(PaddingLoader.class.getName().replace('.', '/') + ".class"))
                    .isNotNull();
            j.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.startsWith(PaddedZip.PACKAGE))
                    .forEach(n -> classes.add(n.substring(0, n.length() - 6).replace('/', '.')));
        }
        assertThat(classes).hasSize(p.classes());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            for (String name : classes) {
                // initialize = true: loaded, verified and linked as INIT would
                Class<?> c = Class.forName(name, true, loader);
                assertThat(c.getDeclaredMethods()).hasSize(PaddedZip.METHODS_PER_CLASS);
                Method m = c.getDeclaredMethods()[0];
                assertThat(Modifier.isStatic(m.getModifiers())).isTrue();
                assertThat((String) m.invoke(null)).isNotBlank();
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameJar() throws Exception {
        assertThat(PaddedZip.jar(100_000, 3)).isEqualTo(PaddedZip.jar(100_000, 3));
        assertThat(PaddedZip.jar(100_000, 3)).isNotEqualTo(PaddedZip.jar(100_000, 4));
    }

    @Test
    void aZipThatAlreadyHasThePaddingJarIsRefused() throws Exception {
        Path padded =
                PaddedZip.write(baseZip(), tmp.resolve("once.zip"), 10_000, 1).zip();
        assertThatThrownBy(() -> PaddedZip.write(padded, tmp.resolve("twice.zip"), 10_000, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PaddedZip.JAR);
        assertThatThrownBy(() -> PaddedZip.write(padded, tmp.resolve("none.zip"), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Path baseZip() throws IOException {
        Path zip = tmp.resolve("base-" + System.nanoTime() + ".zip");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("handler/Fn.class"));
            z.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            z.closeEntry();
            z.putNextEntry(new ZipEntry("lib/"));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("lib/dep.jar"));
            z.write("a jar".getBytes());
            z.closeEntry();
        }
        Files.write(zip, bytes.toByteArray());
        return zip;
    }

    private static List<String> names(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream().map(ZipEntry::getName).toList();
        }
    }
}
