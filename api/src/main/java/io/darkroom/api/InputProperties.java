package io.darkroom.api;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what callers send, under {@code darkroom.api.inputs.*}.
 *
 * @param maxImageBytes    the largest input image, uploaded, fetched or inline (OpenAI's limit is 50 MB)
 * @param maxImagePixels   the most pixels an input image may decode to (guards against decompression bombs)
 * @param maxJsonBytes     the largest JSON body
 * @param fetchTimeout     connect and read timeout when fetching an input image by URL
 * @param fetchAllowList   address ranges (CIDR) image URLs may reach although they are private or local
 */
@ConfigurationProperties("darkroom.api.inputs")
public record InputProperties(
        @DefaultValue("50MB") DataSize maxImageBytes,
        @DefaultValue("40000000") long maxImagePixels,
        @DefaultValue("64MB") DataSize maxJsonBytes,
        @DefaultValue("10s") Duration fetchTimeout,
        @DefaultValue("") List<String> fetchAllowList) {
}
