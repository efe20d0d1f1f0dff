package io.darkroom.infra;

import io.darkroom.model.Names;
import java.util.UUID;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The local Redis (127.0.0.1:6379) for one test class, under a namespace of its own: {@link #close()} removes
 * every key of that namespace and disconnects.
 */
public final class LocalRedis implements AutoCloseable {

    private final Names names = new Names("it-" + UUID.randomUUID().toString().substring(0, 8));
    private final LettuceConnectionFactory connections = new LettuceConnectionFactory("127.0.0.1", 6379);
    private final StringRedisTemplate redis;

    public LocalRedis() {
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    public Names names() {
        return names;
    }

    /** A job store on this Redis and namespace: jobs live 10 minutes, a claim's lease is 2 s. */
    public io.darkroom.infra.jobs.RedisJobStore jobStore() {
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder()
                .propertyNamingStrategy(tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE).build();
        return new io.darkroom.infra.jobs.RedisJobStore(redis(), names(), json, java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(2));
    }

    public StringRedisTemplate redis() {
        return redis;
    }

    @Override
    public void close() {
        try (var keys = redis.scan(ScanOptions.scanOptions().match(names.allKeysPattern()).build())) {
            keys.forEachRemaining(redis::delete);
        }
        connections.destroy();
    }
}
