package io.darkroom.infra.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guard judges the address a host resolves to at send time, not the one it had when the URL was registered. */
class GuardedHttpClientsTests {

    private static final String HOST = "hooks.receiver.test";

    private final AtomicReference<String> dns = new AtomicReference<>("127.0.0.1");
    private final AtomicInteger received = new AtomicInteger();
    private HttpServer receiver;

    /**
     * The receiver closes every connection, as hours between deliveries would: a pooled connection still open
     * goes to the address that was checked when it was opened, so only a new connection resolves again.
     */
    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.incrementAndGet();
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void hostThatResolvedToAnAllowedAddressAndNowResolvesToARefusedOneIsRefusedAtDelivery() throws IOException {
        String url = "http://" + HOST + ":" + receiver.getAddress().getPort() + "/hook";
        try (CloseableHttpClient http = GuardedHttpClients.create(AddressPolicy.allowing(List.of("127.0.0.1/32")), Duration.ofSeconds(3),
                false, changingDns())) {
            int first = http.execute(new HttpPost(url), response -> response.getCode());
            assertThat(first).as("allowed when first delivered").isEqualTo(204);

            dns.set("127.0.0.2");

            assertThatThrownBy(() -> http.execute(new HttpPost(url), response -> response.getCode()))
                    .isInstanceOf(RefusedAddressException.class).hasMessageContaining("127.0.0.2");
            dns.set("169.254.169.254");
            assertThatThrownBy(() -> http.execute(new HttpPost(url), response -> response.getCode()))
                    .isInstanceOf(RefusedAddressException.class);
        }
        assertThat(received).as("only the first delivery reached the receiver (it listens on 127.0.0.2 too)").hasValue(1);
    }

    /** Resolves {@link #HOST} to whatever {@link #dns} says now, as a DNS answer that changed would. */
    private DnsResolver changingDns() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                if (!host.equals(HOST)) {
                    throw new UnknownHostException(host);
                }
                return new InetAddress[] {InetAddress.getByName(dns.get())};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }
}
