package io.darkroom.worker.provider.http;

import io.darkroom.worker.settings.ProviderSettings;
import io.darkroom.worker.provider.ProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * HTTP calls to one provider: its base URL, its timeouts, and every transport failure turned into a
 * retryable {@link ProviderException} (timeouts, refused or dropped connections). Status codes are left
 * to the caller, which knows the provider's error shapes.
 */
public final class ProviderHttp {

    private final ProviderSettings settings;
    private final HttpClient client;

    public ProviderHttp(ProviderSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public ProviderSettings settings() {
        return settings;
    }

    /** A request to {@code path} under the provider's base URL, with the call timeout set. */
    public HttpRequest.Builder request(String path) {
        return request(settings.resolve(path));
    }

    /**
     * A request to an absolute URL the provider returned (a polling or result URL). Plain {@code http}
     * (stubs, simulators, local gateways) is spoken as HTTP/1.1: no cleartext HTTP/2 upgrade dance, which
     * some servers answer badly; {@code https} negotiates HTTP/2 as usual.
     */
    public HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.readTimeout());
        return "http".equalsIgnoreCase(uri.getScheme()) ? request.version(HttpClient.Version.HTTP_1_1) : request;
    }

    /** A JSON body for {@code POST}. */
    public static HttpRequest.BodyPublisher json(JsonNode body) {
        return HttpRequest.BodyPublishers.ofByteArray(ProviderJson.MAPPER.writeValueAsBytes(body));
    }

    /**
     * Sends the request and returns the answer whatever its status.
     *
     * @throws ProviderException (retryable) for timeouts and connection failures
     */
    public ProviderResponse send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new ProviderResponse(response.statusCode(), response.headers(), response.body());
        } catch (HttpTimeoutException e) {
            throw ProviderException.retryableFailure(settings.name(), "timeout",
                    settings.name() + " did not answer within " + settings.readTimeout(), e);
        } catch (ConnectException e) {
            throw ProviderException.retryableFailure(settings.name(), "connection_error",
                    "Could not connect to " + settings.name(), e);
        } catch (IOException e) {
            throw ProviderException.retryableFailure(settings.name(), "connection_error",
                    "The connection to " + settings.name() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.retryableFailure(settings.name(), "interrupted", "The worker stopped during the call", e);
        }
    }

    /**
     * Downloads a result the provider returned by URL, at once (such URLs expire within minutes).
     *
     * @throws ProviderException (retryable) when the download fails
     */
    public byte[] download(String url) {
        ProviderResponse response = send(request(URI.create(url)).GET().build());
        if (!response.ok()) {
            throw ProviderException.retryable(settings.name(), "download_failed",
                    "Downloading a result of " + settings.name() + " answered HTTP " + response.status(), null, null);
        }
        return response.body();
    }
}
