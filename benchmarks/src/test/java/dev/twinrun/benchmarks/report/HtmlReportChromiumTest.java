package dev.twinrun.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium (Debian package {@code chromium}) and checks the charts were drawn;
 * skipped where /usr/bin/chromium is absent (system property {@code twinrun.chromium} points elsewhere).
 */
class HtmlReportChromiumTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("twinrun.chromium", "/usr/bin/chromium"));

    @TempDir
    static Path tmp;

    @BeforeEach
    void needsChromium() {
        assumeTrue(
                Files.isExecutable(CHROMIUM),
                "Debian chromium not installed at " + CHROMIUM + ": test skipped (apt-get install chromium)");
    }

    @Test
    void everyChartDrawsItsMarksInTheBrowser() throws Exception {
        Path page = writeReport("dom");

        String dom = chromium(page, "--dump-dom");

        assertThat(dom).as("the inline script ran and saw three charts").contains("data-charts-checked=\"3\"");
        for (String chart : List.of("cost-vs-runs", "cost-vs-memory", "durations")) {
            Matcher m = Pattern.compile("<svg id=\"chart-" + chart + "\"[^>]*data-drawn-marks=\"(\\d+)\"")
                    .matcher(dom);
            assertThat(m.find())
                    .as("chart " + chart + " has a data-drawn-marks count set by the browser")
                    .isTrue();
            assertThat(Integer.parseInt(m.group(1)))
                    .as("marks with a non-empty box in chart " + chart)
                    .isPositive();
        }
    }

    @Test
    void theSizeChartDrawsItsLinesCrossoversAndLimitInTheBrowser() throws Exception {
        Path dir = tmp.resolve("sizes");
        ReportSummary s = ReportFixtures.withSizes();
        ReportWriter.writeAll(s, dir);

        String dom = chromium(dir.resolve(ReportWriter.HTML), "--dump-dom");

        // runs per day, memory and size; no wall-time chart, as nothing was measured
        assertThat(dom).as("the inline script ran and saw three charts").contains("data-charts-checked=\"3\"");
        Matcher m = Pattern.compile("<svg id=\"chart-cost-vs-size\"[^>]*data-drawn-marks=\"(\\d+)\"")
                .matcher(dom);
        assertThat(m.find())
                .as("size chart has a data-drawn-marks count set by the browser")
                .isTrue();
        // three variant lines, a dot per crossover and the single Lambda's timeout line (the others are beyond 100 GB),
        // each an SVG group JFreeChart drew into with a non-empty box
        assertThat(Integer.parseInt(m.group(1)))
                .as("marks with a non-empty box in the size chart")
                .isEqualTo(3 + s.sizes().crossovers().size() + 1);
    }

    @Test
    void theCostLinesArePaintedOnTheScreenshot() throws Exception {
        Path page = writeReport("shot");
        Path png = tmp.resolve("shot.png");

        chromium(page, "--screenshot=" + png, "--window-size=1200,1600", "--hide-scrollbars");

        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("screenshot decoded").isNotNull();
        // The first three series colours: Lambda, EC2 always on, EC2 per run.
        for (String hex : List.of("1f77b4", "d62728", "2ca02c")) {
            assertThat(pixelsNear(img, Integer.parseInt(hex, 16)))
                    .as("pixels painted in series colour #" + hex)
                    .isGreaterThan(50);
        }
    }

    private static Path writeReport(String name) throws IOException {
        Path dir = tmp.resolve(name);
        ReportWriter.writeAll(ReportFixtures.measured(), dir);
        return dir.resolve(ReportWriter.HTML);
    }

    private static String chromium(Path page, String... extra) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "profile");
        List<String> cmd = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path out = tmp.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = tmp.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("chromium finished within 90 s").isTrue();
        assertThat(p.exitValue())
                .as("chromium exit code; stderr: " + Files.readString(err, StandardCharsets.UTF_8))
                .isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static int pixelsNear(BufferedImage img, int rgb) {
        int r0 = (rgb >> 16) & 0xff;
        int g0 = (rgb >> 8) & 0xff;
        int b0 = rgb & 0xff;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                int r = (c >> 16) & 0xff;
                int g = (c >> 8) & 0xff;
                int b = c & 0xff;
                if (Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) < 40) {
                    n++;
                }
            }
        }
        return n;
    }
}
