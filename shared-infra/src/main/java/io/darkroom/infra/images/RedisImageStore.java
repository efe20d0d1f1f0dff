package io.darkroom.infra.images;

import io.darkroom.model.Names;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.RedisTemplate;

/** {@link ImageStore} on Redis strings with a TTL. */
public class RedisImageStore implements ImageStore {

    private final RedisTemplate<String, byte[]> redis;
    private final Names names;
    private final Duration ttl;

    public RedisImageStore(RedisTemplate<String, byte[]> redis, Names names, Duration ttl) {
        this.redis = redis;
        this.names = names;
        this.ttl = ttl;
    }

    @Override
    public void put(String imageId, byte[] bytes) {
        put(imageId, bytes, ttl);
    }

    @Override
    public void put(String imageId, byte[] bytes, Duration lifetime) {
        redis.opsForValue().set(names.imageKey(imageId), bytes, lifetime);
    }

    @Override
    public void keep(String imageId, Duration lifetime) {
        redis.expire(names.imageKey(imageId), lifetime);
    }

    @Override
    public Optional<byte[]> get(String imageId) {
        return Optional.ofNullable(redis.opsForValue().get(names.imageKey(imageId)));
    }
}
