package io.darkroom.infra.net;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/** Builds HTTP clients whose every connection passes the {@link AddressPolicy}. */
public final class GuardedHttpClients {

    private GuardedHttpClients() {
    }

    /**
     * @param policy          which addresses may be reached
     * @param timeout         connect and read timeout
     * @param followRedirects whether to follow up to three redirects (each hop is guarded too)
     */
    public static CloseableHttpClient create(AddressPolicy policy, Duration timeout, boolean followRedirects) {
        return create(policy, timeout, followRedirects, SystemDefaultDnsResolver.INSTANCE);
    }

    /** As {@link #create(AddressPolicy, Duration, boolean)}, asking {@code resolver} instead of the system's (tests). */
    static CloseableHttpClient create(AddressPolicy policy, Duration timeout, boolean followRedirects, DnsResolver resolver) {
        Timeout limit = Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS);
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(policy, resolver))
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .build();
        RequestConfig requests = RequestConfig.custom()
                .setResponseTimeout(limit)
                .setRedirectsEnabled(followRedirects)
                .setMaxRedirects(3)
                .build();
        var builder = HttpClients.custom().setConnectionManager(connections).setDefaultRequestConfig(requests)
                .disableCookieManagement().disableAuthCaching().disableAutomaticRetries();
        if (!followRedirects) {
            builder.disableRedirectHandling();
        }
        return builder.build();
    }
}
