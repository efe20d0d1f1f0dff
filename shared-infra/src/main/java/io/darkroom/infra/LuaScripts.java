package io.darkroom.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts read from the classpath once, at class initialisation. {@code RedisScript.of(Resource)}
 * would re-check the resource's modification time on every execution, opening the application jar each
 * time: wasted work on every Redis call, and, inside Spring Boot's nested jar under load on virtual
 * threads, a way into the class loader lock contention of spring-boot issue 51463 (seen here as a hung
 * worker under the limit benchmark).
 */
public final class LuaScripts {

    private LuaScripts() {
    }

    /** The script at {@code path} on the classpath, its text held in memory. */
    public static <T> RedisScript<T> load(String path, Class<T> resultType) {
        try {
            return RedisScript.of(new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Lua script " + path, e);
        }
    }
}
