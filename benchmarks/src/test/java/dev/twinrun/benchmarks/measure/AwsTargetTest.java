package dev.twinrun.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinrun.benchmarks.measure.AwsDeployment.AwsVariant;
import dev.twinrun.benchmarks.measure.AwsDeployment.Deployed;
import dev.twinrun.benchmarks.stats.InvocationRecord;
import dev.twinrun.core.HourId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsTargetTest {
    private static final Instant NOW = Instant.parse("2026-12-02T14:30:00Z");

    @TempDir
    Path dir;

    private ExperimentSettings settings() {
        return new ExperimentSettings(
                ExperimentSettings.Target.AWS,
                1_000_000,
                2,
                1,
                ExperimentSettings.DEFAULT_FIRST_HOUR,
                1,
                0.0,
                List.of(1024),
                List.of("arm64"),
                1,
                "t4g.micro",
                dir.resolve("report"),
                dir.resolve("twinrun-lambda.zip"),
                dir.resolve("twinrun-ec2.jar"));
    }

    private static AwsDeployment.Plan plan() {
        return new AwsDeployment.Plan(
                "bucket",
                List.of(
                        new Deployed(AwsVariant.LAMBDA, "TwinrunLambda", "lambda/", "/aws/lambda/f", null, "f", true),
                        new Deployed(
                                AwsVariant.FARGATE,
                                "TwinrunFargate",
                                "fargate/",
                                "/twinrun/fargate/runner",
                                Schedule.parse("cron(5 * * * ? *)"),
                                null,
                                false)));
    }

    /** A clock the sleeper moves on. */
    private static final class FakeTime {
        Instant now = NOW;

        Clock clock() {
            return new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
        }
    }

    /** A bucket holding keys in memory, each with a LastModified and, when set, its bytes. */
    private static final class FakeObjects implements AwsApi.Objects {
        final List<String> keys = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        final Map<String, Instant> written = new LinkedHashMap<>();
        final Map<String, byte[]> bytes = new LinkedHashMap<>();

        void put(String key, Instant at, String content) {
            keys.add(key);
            written.put(key, at);
            if (content != null) {
                bytes.put(key, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        @Override
        public List<AwsApi.Stamped> listStamped(String prefix) {
            return list(prefix).stream()
                    .map(k -> new AwsApi.Stamped(k, written.getOrDefault(k, NOW)))
                    .toList();
        }

        @Override
        public java.util.Optional<AwsApi.Read> read(String key) {
            return keys.contains(key) && bytes.containsKey(key)
                    ? java.util.Optional.of(new AwsApi.Read(bytes.get(key), written.getOrDefault(key, NOW)))
                    : java.util.Optional.empty();
        }

        @Override
        public List<String> list(String prefix) {
            return keys.stream().filter(k -> k.startsWith(prefix)).toList();
        }

        @Override
        public int delete(List<String> ks) {
            deleted.addAll(ks);
            keys.removeAll(ks);
            return ks.size();
        }
    }

    @Test
    void waitsForTheScheduledVariantThenCleansUp() throws Exception {
        FakeTime time = new FakeTime();
        FakeObjects objects = new FakeObjects();
        List<String> queried = new ArrayList<>();
        AwsApi.LogQueries queries = (group, from, to, q) -> {
            queried.add(time.now + " " + group);
            boolean lambda = group.startsWith("/aws/lambda/");
            if (!lambda && time.now.isBefore(Instant.parse("2026-12-02T15:05:00Z"))) {
                throw new AssertionError("queried Fargate before its next run: " + time.now);
            }
            String file = q.equals(AwsRecords.REPORT_QUERY)
                    ? "get-query-results-lambda-report-snapstart.json"
                    : q.equals(AwsRecords.TICK_QUERY)
                            ? "get-query-results-runner-ticks.json"
                            : lambda
                                    ? "get-query-results-lambda-emf-snapstart.json"
                                    : "get-query-results-runner-emf.json";
            return Recorded.query(file);
        };
        List<String> progress = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        AwsTarget.Uploader uploader = (s, bar) -> {
            assertThat(s.firstHour()).as("the two hours before now").isEqualTo(HourId.parse("2026-12-02T12"));
            Map<HourId, List<String>> keys = new LinkedHashMap<>();
            for (HourId h : s.hourIds()) {
                String k = "incoming/" + h.path() + "/part-0.csv";
                objects.put(k, NOW.plusSeconds(10), null);
                objects.put("incoming/" + h.path() + "/_COMPLETE", NOW.plusSeconds(11), "");
                keys.put(h, List.of(k));
                // What the variants publish for it: the Lambda's pointer names the file 3 s (then 5 s) after it
                objects.put(
                        "lambda/insights/" + h.path() + "/_SUCCESS",
                        NOW.plusSeconds(h.equals(s.firstHour()) ? 13 : 15),
                        "{\"inputs\":[{\"key\":\"" + h.path() + "/part-0.csv\"}]}");
                objects.put("fargate/insights/" + h.path() + "/v=1/summary.json", NOW.plusSeconds(2000), "{}");
            }
            objects.keys.add("fargate/insights/dt=2026-11-30/hour=08/_SUCCESS");
            return keys;
        };
        java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new java.io.PrintStream(shown, true, "UTF-8"), 1, false);

        Experiment.Result r = AwsTarget.measure(
                settings(),
                plan(),
                new AwsTarget.Session(queries, objects, time.clock(), ms -> time.now = time.now.plusMillis(ms)),
                uploader,
                75 * 60_000L,
                true,
                bar,
                warnings::add);

        assertThat(r.records())
                .extracting(InvocationRecord::variantId)
                .containsExactly(
                        "lambda-1024mb-arm64-snapstart", "lambda-1024mb-arm64-snapstart", "fargate", "fargate");
        progress.addAll(shown.toString("UTF-8").lines().toList());
        assertThat(progress.get(0))
                .endsWith("waiting: Lambda 2/2, Fargate scheduled task 0/2 (next run 2026-12-02T15:05:00Z, in 35 min);"
                        + " gives up in 75 min");
        assertThat(queried)
                .as("Lambda done at once; Fargate queried from its run on")
                .allSatisfy(q -> assertThat(q.endsWith("/aws/lambda/f") || !q.startsWith("2026-12-02T14"))
                        .isTrue());
        assertThat(objects.deleted)
                .as("the uploaded input and both variants' outputs of those hours, nothing else")
                .hasSize(6)
                .doesNotContain("fargate/insights/dt=2026-11-30/hour=08/_SUCCESS");
        assertThat(warnings)
                .contains("Lambda: time to insight p50 4 s, p90 5 s over 2 of 2 hour(s), read from S3: the last input"
                        + " object's LastModified to the _SUCCESS pointer's, whose manifest names it (whole seconds;"
                        + " at most, as a later republication moves the pointer on)")
                .anySatisfy(w -> assertThat(w)
                        .startsWith("Fargate scheduled task: time to insight not read: none of the 2 hour(s)"))
                .anySatisfy(w -> assertThat(w).startsWith("Logs Insights scanned 0."))
                .anySatisfy(w -> assertThat(w).startsWith("--cleanup: deleted 6 objects"));
    }

    @Test
    void refusesBeforeUploadingWhenANextRunIsBeyondTheWait() {
        FakeObjects objects = new FakeObjects();
        AwsTarget.Uploader uploader = (s, bar) -> {
            throw new AssertionError("uploaded");
        };
        assertThatThrownBy(() -> AwsTarget.measure(
                        settings(),
                        plan(),
                        new AwsTarget.Session(
                                (g, f, t, q) -> {
                                    throw new AssertionError("queried");
                                },
                                objects,
                                new FakeTime().clock(),
                                ms -> {}),
                        uploader,
                        30 * 60_000L,
                        true,
                        ProgressBar.silent(1),
                        w -> {}))
                .hasMessage("target aws: not starting (nothing was uploaded): TwinrunFargate (cron(5 * * * ? *)) next"
                        + " runs 2026-12-02T15:05:00Z, beyond --await 30m: pass --await 50m or more (each scheduled"
                        + " variant gets 15 min after its start to finish and ship its logs)");
    }

    @Test
    void refusesToMixWithInputAlreadyThere() {
        FakeObjects objects = new FakeObjects();
        objects.keys.add("incoming/dt=2026-12-02/hour=13/real.csv");
        assertThatThrownBy(() -> AwsTarget.measure(
                        settings(),
                        plan(),
                        new AwsTarget.Session((g, f, t, q) -> null, objects, new FakeTime().clock(), ms -> {}),
                        (s, bar) -> {
                            throw new AssertionError("uploaded");
                        },
                        75 * 60_000L,
                        false,
                        ProgressBar.silent(1),
                        w -> {}))
                .hasMessageContaining("input already exists under s3://bucket/incoming/dt=2026-12-02/hour=13/");
    }

    @Test
    void insightsCostIsExactAtTheListPrice() {
        assertThat(AwsTarget.insightsCost(1L << 30).toPlainString()).isEqualTo("0.005000");
        assertThat(AwsTarget.insightsCost(200L << 20).toPlainString()).isEqualTo("0.000977");
    }
}
