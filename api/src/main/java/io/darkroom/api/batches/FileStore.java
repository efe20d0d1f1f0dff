package io.darkroom.api.batches;

import io.darkroom.model.Ids;
import io.darkroom.infra.DarkroomProperties;
import io.darkroom.model.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;

/** Uploaded and produced files (batch input and output JSONL), per owner, kept as long as jobs. */
@Component
class FileStore {


    private final StringRedisTemplate redis;
    private final RedisTemplate<String, byte[]> bytes;
    private final Names names;
    private final Duration retention;

    FileStore(StringRedisTemplate redis, RedisConnectionFactory connections, Names names, DarkroomProperties properties) {
        this.redis = redis;
        this.names = names;
        this.retention = properties.jobRetention();
        this.bytes = new RedisTemplate<>();
        bytes.setConnectionFactory(connections);
        bytes.setKeySerializer(RedisSerializer.string());
        bytes.setValueSerializer(RedisSerializer.byteArray());
        bytes.afterPropertiesSet();
    }

    /**
     * @param id          the file's id: {@code file-...}
     * @param owner       the API key that owns it
     * @param filename    as uploaded, or as produced
     * @param purpose     {@code batch} or {@code batch_output}
     * @param bytes       its size
     * @param createdAt   when
     */
    record StoredFile(String id, String owner, String filename, String purpose, long bytes, Instant createdAt) {
    }

    StoredFile save(String owner, String filename, String purpose, byte[] content) {
        String id = Ids.newFileId();
        Instant now = Instant.now();
        bytes.opsForValue().set(names.namespace() + ":file:" + id + ":content", content, retention);
        String key = names.namespace() + ":file:" + id;
        redis.opsForHash().putAll(key, Map.of("id", id, "owner", owner, "filename", filename, "purpose", purpose,
                "bytes", Long.toString(content.length), "created_at", Long.toString(now.getEpochSecond())));
        redis.expire(key, retention);
        return new StoredFile(id, owner, filename, purpose, content.length, now);
    }

    Optional<StoredFile> find(String owner, String id) {
        Map<String, String> fields = redis.<String, String>opsForHash().entries(names.namespace() + ":file:" + id);
        if (fields.isEmpty() || !owner.equals(fields.get("owner"))) {
            return Optional.empty();
        }
        return Optional.of(new StoredFile(id, owner, fields.get("filename"), fields.get("purpose"), Long.parseLong(fields.get("bytes")),
                Instant.ofEpochSecond(Long.parseLong(fields.get("created_at")))));
    }

    Optional<byte[]> content(String owner, String id) {
        return find(owner, id).map(file -> bytes.opsForValue().get(names.namespace() + ":file:" + id + ":content"));
    }

    boolean delete(String owner, String id) {
        if (find(owner, id).isEmpty()) {
            return false;
        }
        redis.delete(java.util.List.of(names.namespace() + ":file:" + id, names.namespace() + ":file:" + id + ":content"));
        return true;
    }
}
