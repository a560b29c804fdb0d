package dev.twinrun.lambda.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinrun.core.HourId;
import dev.twinrun.core.job.HourJob;
import dev.twinrun.core.job.JobConfig;
import dev.twinrun.core.store.S3Clients;
import dev.twinrun.core.store.Stores;
import dev.twinrun.local.lambda.ForkedLambda;
import dev.twinrun.local.lambda.Invocation;
import dev.twinrun.local.lambda.LambdaSpec;
import dev.twinrun.local.s3.EmbeddedS3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The three fan-out handlers from the packaged zip, each in the real Lambda runtime client in its own JVM, driven
 * one step after the other as the state machine drives them (shards one at a time: this is not the parallel
 * benchmark), against the embedded S3 server; the hour comes out as one single run publishes it.
 */
class FanoutZipIT {
    private static final Path ZIP = Path.of(Objects.requireNonNull(
            System.getProperty("twinrun.lambda.zip"),
            "system property twinrun.lambda.zip (set by the failsafe configuration)"));
    private static final String SINGLE = "twinrun-single";
    private static final HourId HOUR = HourId.parse("2026-11-26T13");

    private static LambdaSpec spec(FanoutBucket s3, String handler) {
        return LambdaSpec.builder(ZIP, handler)
                .memoryMb(512)
                .timeout(Duration.ofMinutes(2))
                .env(s3.env())
                .env("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", EmbeddedS3.ACCESS_KEY)
                .build();
    }

    private static JsonNode response(Invocation r, String step) throws Exception {
        assertThat(r.succeeded())
                .as("%s succeeded (error: %s; log: %s)", step, r.error(), r.logLines())
                .isTrue();
        return FanoutJson.MAPPER.readTree(r.response());
    }

    @Test
    void planShardsAndMergeFromTheZipPublishTheBytesOfOneRun() throws Exception {
        try (FanoutBucket s3 = new FanoutBucket();
                ForkedLambda plan =
                        ForkedLambda.start(spec(s3, "dev.twinrun.lambda.fanout.PlanHandler::handleRequest"));
                ForkedLambda shard =
                        ForkedLambda.start(spec(s3, "dev.twinrun.lambda.fanout.ShardHandler::handleRequest"));
                ForkedLambda merge =
                        ForkedLambda.start(spec(s3, "dev.twinrun.lambda.fanout.MergeHandler::handleRequest"))) {
            s3.s3.createBucket(SINGLE);
            s3.writeHour(FanoutBucket.BUCKET, HOUR, 300_000, 0.02);
            s3.writeHour(SINGLE, HOUR, 300_000, 0.02);
            Stores.deployedJob(JobConfig.fromEnv(s3.env(SINGLE)), S3Clients.fromEnvironment(s3.env(SINGLE)))
                    .run(HOUR);

            JsonNode planned = response(plan.invoke("{\"hour\":\"" + HOUR + "\",\"shards\":3}"), "Plan");
            ArrayNode results = FanoutJson.MAPPER.createArrayNode();
            for (JsonNode item : planned.get("shards")) {
                Invocation r = shard.invoke(item.toString());
                System.out.println(r.reportLine());
                results.add(response(r, "Shard " + item.get("index")));
            }
            ObjectNode request = FanoutJson.MAPPER.createObjectNode();
            request.put("hour", planned.get("hour").asText());
            request.put("runId", planned.get("runId").asText());
            request.put("shardCount", planned.get("shardCount").asInt());
            request.set("results", results);
            Invocation m = merge.invoke(request.toString());
            System.out.println(m.reportLine());
            JsonNode summary = response(m, "Merge");

            assertThat(results).as("shard answers").hasSize(3);
            assertThat(summary.get("outcome").asText()).as("merge outcome").isEqualTo("PUBLISHED");
            for (String folder : new String[] {HourJob.INSIGHTS, HourJob.QUARANTINE}) {
                Map<String, byte[]> fanned = s3.objects(FanoutBucket.BUCKET, folder + HOUR.path() + "/");
                Map<String, byte[]> one = s3.objects(SINGLE, folder + HOUR.path() + "/");
                assertThat(fanned.keySet()).as(folder + " keys").isNotEmpty().isEqualTo(one.keySet());
                for (String key : one.keySet()) {
                    assertThat(fanned.get(key))
                            .as("bytes of " + key + ", fan-out from the zip vs one run")
                            .isEqualTo(one.get(key));
                }
            }
            assertThat(m.logLines())
                    .as("merge EMF line with Variant=fanout")
                    .anyMatch(l -> l.contains("\"Variant\":\"fanout\"") && l.contains("MergeDurationMs"));
        }
    }
}
