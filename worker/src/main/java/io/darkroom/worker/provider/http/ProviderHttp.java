package io.darkroom.worker.provider.http;

import io.darkroom.infra.net.AddressPolicy;
import io.darkroom.infra.net.Deadlines;
import io.darkroom.infra.net.GuardedHttpClients;
import io.darkroom.infra.net.RefusedAddressException;
import io.darkroom.worker.settings.ProviderSettings;
import io.darkroom.worker.provider.ProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
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
    /**
     * The provider's own API, called with its key: Apache HttpClient's blocking client on the caller's (virtual)
     * thread, which writes the request itself and parks while it waits for the answer. (The JDK's HttpClient, used
     * before, hands each exchange between its selector thread, its executor and the caller: decision 034.)
     */
    private final CloseableHttpClient client;
    private final CloseableHttpClient downloads;
    /** The SSRF guard's policy for this provider: result downloads, and URLs it returns off its own origin. */
    private final AddressPolicy guard;

    public ProviderHttp(ProviderSettings settings) {
        this.settings = settings;
        Timeout connect = Timeout.of(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        Timeout read = Timeout.of(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        int connections = Math.max(settings.concurrency(), 20);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
                        .setMaxConnTotal(connections).setMaxConnPerRoute(connections).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read).setMaxRedirects(3).build())
                .disableCookieManagement().disableAuthCaching().disableAutomaticRetries()
                .build();
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
     * A request to an absolute URL the provider returned (a polling or result URL), with the call timeout set. The
     * adapters describe requests with the JDK's {@link HttpRequest}; {@link #send} speaks HTTP/1.1.
     */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(settings.readTimeout());
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
     * Sends the request and returns the answer whatever its status, within the request's timeout in total (socket
     * timeouts alone bound only the gaps between bytes).
     *
     * @throws ProviderException (retryable) for timeouts and connection failures
     */
    public ProviderResponse send(HttpRequest request) {
        HttpUriRequestBase call = new HttpUriRequestBase(request.method(), request.uri());
        request.bodyPublisher().filter(body -> body.contentLength() != 0)
                .ifPresent(body -> call.setEntity(new ByteArrayEntity(bytesOf(body), null)));
        request.headers().map().forEach((name, values) -> values.forEach(value -> call.addHeader(name, value)));
        try {
            return Deadlines.within(call, request.timeout().orElse(settings.readTimeout()), () -> client.execute(call, response -> {
                java.util.Map<String, java.util.List<String>> headers = new java.util.LinkedHashMap<>();
                for (Header header : response.getHeaders()) {
                    headers.computeIfAbsent(header.getName(), name -> new java.util.ArrayList<>()).add(header.getValue());
                }
                byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                return new ProviderResponse(response.getCode(), HttpHeaders.of(headers, (name, value) -> true), body);
            }));
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw ProviderException.retryableFailure(settings.name(), "interrupted", "The worker stopped during the call", e);
            }
            if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException || call.isCancelled()) {
                throw ProviderException.retryableFailure(settings.name(), "timeout",
                        settings.name() + " did not answer within " + settings.readTimeout(), e);
            }
            if (e instanceof ConnectException) {
                throw ProviderException.retryableFailure(settings.name(), "connection_error", "Could not connect to " + settings.name(), e);
            }
            throw ProviderException.retryableFailure(settings.name(), "connection_error",
                    "The connection to " + settings.name() + " failed: " + e.getMessage(), e);
        }
    }

    /** The bytes of a request body (the adapters build every body in memory: JSON or multipart). */
    private static byte[] bytesOf(HttpRequest.BodyPublisher publisher) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.concurrent.CompletableFuture<byte[]> done = new java.util.concurrent.CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(bytes.toByteArray());
            }
        });
        return done.join();
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
