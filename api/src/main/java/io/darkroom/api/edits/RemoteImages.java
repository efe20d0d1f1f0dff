package io.darkroom.api.edits;

import io.darkroom.api.InputProperties;
import io.darkroom.api.http.BodyTooLargeException;
import io.darkroom.infra.net.AddressPolicy;
import io.darkroom.infra.net.Deadlines;
import io.darkroom.infra.net.GuardedHttpClients;
import io.darkroom.infra.net.RefusedAddressException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Turns an image reference of a JSON edit into bytes: a {@code data:} URI is decoded; an http(s) URL is
 * fetched through the SSRF guard (private, loopback and link-local addresses refused unless allow-listed,
 * the checked address pinned for the connection), size-capped and time-bounded.
 */
@Component
class RemoteImages implements DisposableBean {

    private final CloseableHttpClient http;
    private final long maxBytes;
    private final java.time.Duration fetchTimeout;

    RemoteImages(InputProperties properties) {
        this.fetchTimeout = properties.fetchTimeout();
        this.http = GuardedHttpClients.create(AddressPolicy.allowing(properties.fetchAllowList()),
                properties.fetchTimeout(), true);
        this.maxBytes = properties.maxImageBytes().toBytes();
    }

    Upload load(String param, String reference) {
        if (reference == null || reference.isBlank()) {
            throw InputImages.invalid(param, "missing_required_parameter", "Missing '" + param + "'.");
        }
        if (reference.regionMatches(true, 0, "data:", 0, 5)) {
            return new Upload(param, decodeDataUri(param, reference));
        }
        return new Upload(param, fetch(param, reference));
    }

    private byte[] decodeDataUri(String param, String uri) {
        int comma = uri.indexOf(',');
        if (comma < 0 || !uri.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw InputImages.invalid(param, "invalid_image_url", "'" + param + "' must be a base64 data URI (data:image/png;base64,...).");
        }
        if ((uri.length() - comma - 1) / 4L * 3 > maxBytes) {
            throw new BodyTooLargeException(param, "'" + param + "' is larger than the limit of " + maxBytes + " bytes.");
        }
        try {
            return Base64.getMimeDecoder().decode(uri.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw InputImages.invalid(param, "invalid_base64", "'" + param + "' is not valid base64: " + e.getMessage());
        }
    }

    private byte[] fetch(String param, String url) {
        URI uri = parse(param, url);
        HttpGet get = new HttpGet(uri);
        try {
            return Deadlines.within(get, fetchTimeout.multipliedBy(3), () -> http.execute(get, response -> {
                if (response.getCode() != 200 || response.getEntity() == null) {
                    throw InputImages.invalid(param, "image_fetch_failed", "Fetching '" + param + "' answered HTTP "
                            + response.getCode() + ".");
                }
                try (InputStream body = response.getEntity().getContent()) {
                    byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    if (bytes.length > maxBytes) {
                        throw new BodyTooLargeException(param, "'" + param + "' is larger than the limit of " + maxBytes + " bytes.");
                    }
                    return bytes;
                }
            }));
        } catch (RefusedAddressException e) {
            throw InputImages.invalid(param, "url_not_allowed", "'" + param + "' points at an address Darkroom does not fetch from"
                    + " (loopback, private, link-local and reserved addresses are refused).");
        } catch (IOException e) {
            throw InputImages.invalid(param, "image_fetch_failed", "Could not fetch '" + param + "': " + e.getMessage());
        }
    }

    private static URI parse(String param, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw InputImages.invalid(param, "invalid_image_url", "'" + param + "' must be an http(s) URL or a data URI.");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw InputImages.invalid(param, "invalid_image_url", "'" + param + "' is not a valid URL.");
        }
    }

    @Override
    public void destroy() throws IOException {
        http.close();
    }
}
