package dev.twinrun.lambda.fanout;

import dev.twinrun.core.ConfigException;
import java.util.Map;

/**
 * How the plan step picks a shard count when the input names none: one shard per {@code TWINRUN_SHARD_TARGET_MB}
 * (default 256) of input, at least 1 and at most {@code TWINRUN_MAX_SHARDS} (default 200, which keeps the plan well
 * under Step Functions' 256 KB state limit).
 *
 * @param shardTargetBytes input bytes per shard when the count is derived
 * @param maxShards the largest shard count a plan may have, named or derived
 */
record FanoutSettings(long shardTargetBytes, int maxShards) {
    static final String SHARD_TARGET_MB = "TWINRUN_SHARD_TARGET_MB";
    static final String MAX_SHARDS = "TWINRUN_MAX_SHARDS";
    /**
     * The hard cap: a plan item is about 290 bytes and a shard's answer about 200, so 500 shards keep the state after
     * the Map (plan plus answers) under Step Functions' 256 KB limit; more needs the Map's S3 item reader and result
     * writer, which this variant does not use yet.
     */
    static final int MAX_SHARDS_LIMIT = 500;

    FanoutSettings {
        if (shardTargetBytes < 1) {
            throw new ConfigException(SHARD_TARGET_MB + " must be >= 1");
        }
        if (maxShards < 1 || maxShards > MAX_SHARDS_LIMIT) {
            throw new ConfigException(MAX_SHARDS + " must be 1.." + MAX_SHARDS_LIMIT + ", was " + maxShards);
        }
    }

    static FanoutSettings defaults() {
        return new FanoutSettings(256L << 20, 200);
    }

    static FanoutSettings fromEnv(Map<String, String> env) {
        return new FanoutSettings(number(env, SHARD_TARGET_MB, 256) << 20, (int) number(env, MAX_SHARDS, 200));
    }

    /** The shard count for {@code inputBytes} of input. */
    int shardsFor(long inputBytes) {
        long n = (inputBytes + shardTargetBytes - 1) / shardTargetBytes;
        return (int) Math.max(1, Math.min(maxShards, n));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid twinrun configuration: " + name + "='" + v + "' is not a whole number");
        }
    }
}
