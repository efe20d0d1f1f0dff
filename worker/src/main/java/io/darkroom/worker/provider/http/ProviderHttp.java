package io.darkroom.worker.provider.http;

import io.darkroom.infra.net.AddressPolicy;
import io.darkroom.infra.net.Deadlines;
import io.darkroom.infra.net.GuardedHttpClients;
import io.darkroom.infra.net.RefusedAddressException;
import io.darkroom.worker.settings.ProviderSettings;
import io.darkroom.worker.provider.ProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.JsonNode;

/**
 * HTTP calls to one provider: its base URL, its timeouts, and every transport failure turned into a
 * retryable {@link ProviderException} (timeouts, refused or dropped connections). Status codes are left
 * to the caller, which knows the provider's error shapes. Result downloads go through the SSRF guard
 * ({@link GuardedHttpClients}): the URL a provider returned, and every redirect from it, must resolve to an
 * address the policy allows, and the connection goes to the address that was checked.
 */
public final class ProviderHttp {

    private final ProviderSettings settings;
    private final HttpClient client;
    private final CloseableHttpClient downloads;
    /** The SSRF guard's policy for this provider: result downloads, and URLs it returns off its own origin. */
    private final AddressPolicy guard;

    public ProviderHttp(ProviderSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.guard = AddressPolicy.allowing(settings.downloadAllowList());
        this.downloads = GuardedHttpClients.create(guard, settings.readTimeout(), true);
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

    /**
     * A URL the provider returned and that we call with its API key (BFL's {@code polling_url}, Replicate's
     * {@code urls.get} and {@code urls.cancel}), checked first: on the provider's own origin (its configured base URL)
     * it is taken as is; anywhere else it must be {@code https} and every address its host resolves to must pass the
     * SSRF guard (the download allow-list's exceptions apply). Otherwise the call is refused, so a forged or broken
     * answer cannot send the key in clear text or make the worker call an internal address.
     *
     * @throws ProviderException provider-side ({@code provider_url_refused}, not retried) when refused
     */
    public URI providerUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw refused(url, "it is not a URL");
        }
        URI base = settings.baseUrl();
        if (uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(base.getScheme()) && uri.getHost() != null
                && uri.getHost().equalsIgnoreCase(base.getHost()) && uri.getPort() == base.getPort()) {
            return uri;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw refused(url, "only https is followed off the provider's own origin (" + base.getScheme() + "://" + base.getHost() + ")");
        }
        try {
            for (java.net.InetAddress address : java.net.InetAddress.getAllByName(uri.getHost())) {
                java.util.Optional<String> refusal = guard.refusal(address);
                if (refusal.isPresent()) {
                    throw refused(url, refusal.get());
                }
            }
        } catch (java.net.UnknownHostException e) {
            throw ProviderException.retryable(settings.name(), "provider_url_unresolved", "The URL " + url + " the provider returned does "
                    + "not resolve: " + e.getMessage(), null, e);
        }
        return uri;
    }

    private ProviderException refused(String url, String why) {
        return ProviderException.unavailable(settings.name(), "provider_url_refused", "Darkroom does not call the URL " + url
                + " that " + settings.name() + " returned: " + why + ".");
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
     * Downloads a result the provider returned by URL, at once (such URLs expire within minutes), following up
     * to three redirects, each through the SSRF guard.
     *
     * @throws ProviderException provider-side ({@code download_refused}, not retried) when the URL or a redirect
     *                           leads to a refused address; retryable when the download fails otherwise
     */
    public byte[] download(String url) {
        HttpGet get;
        try {
            get = new HttpGet(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw ProviderException.unavailable(settings.name(), "invalid_result", settings.name() + " returned a result URL that is no URL");
        }
        try {
            return Deadlines.within(get, settings.readTimeout(), () -> downloads.execute(get, response -> {
                if (response.getCode() < 200 || response.getCode() >= 300) {
                    throw ProviderException.retryable(settings.name(), "download_failed",
                            "Downloading a result of " + settings.name() + " answered HTTP " + response.getCode(), null, null);
                }
                return response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            }));
        } catch (RefusedAddressException e) {
            throw ProviderException.unavailable(settings.name(), "download_refused",
                    "A result URL of " + settings.name() + " leads to a refused address: " + e.getMessage());
        } catch (IOException e) {
            throw ProviderException.retryableFailure(settings.name(), "download_failed",
                    "Downloading a result of " + settings.name() + " failed: " + e.getMessage(), e);
        }
    }
}
