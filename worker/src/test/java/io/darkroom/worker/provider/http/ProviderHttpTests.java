package io.darkroom.worker.provider.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Result downloads pass the SSRF guard on every hop; the stub on 127.0.0.1 is allow-listed, nothing else local is. */
class ProviderHttpTests {

    private final WireMockServer stub = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("0.0.0.0"));
    private ProviderHttp http;

    @BeforeEach
    void start() {
        stub.start();
        http = new ProviderHttp(ProviderStubs.directory("bfl", stub.baseUrl()).settings("bfl"));
        stub.stubFor(get("/files/result.png").willReturn(aResponse().withStatus(200).withBody(new byte[] {1, 2, 3})));
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    @Test
    void redirectToAnAllowedAddressIsFollowed() {
        stub.stubFor(get("/files/moved.png").willReturn(aResponse().withStatus(302).withHeader("Location", "/files/result.png")));

        assertThat(http.download(stub.baseUrl() + "/files/moved.png")).containsExactly(1, 2, 3);
    }

    @Test
    void redirectToARefusedAddressIsRefusedWithoutConnectingThere() {
        String loopbackNotAllowed = "http://127.0.0.2:" + stub.port() + "/files/result.png";
        stub.stubFor(get("/files/sneaky.png").willReturn(aResponse().withStatus(302).withHeader("Location", loopbackNotAllowed)));

        assertThatThrownBy(() -> http.download(stub.baseUrl() + "/files/sneaky.png")).isInstanceOfSatisfying(ProviderException.class,
                failure -> {
                    assertThat(failure.code()).isEqualTo("download_refused");
                    assertThat(failure.retryable()).as("a refused address stays refused").isFalse();
                });
        stub.verify(0, getRequestedFor(urlEqualTo("/files/result.png")));
    }

    @Test
    void redirectToCloudMetadataIsRefused() {
        stub.stubFor(get("/files/meta.png").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));

        assertThatThrownBy(() -> http.download(stub.baseUrl() + "/files/meta.png")).isInstanceOfSatisfying(ProviderException.class,
                failure -> assertThat(failure.code()).isEqualTo("download_refused"));
    }

    @Test
    void resultUrlOnARefusedAddressIsRefused() {
        assertThatThrownBy(() -> http.download("http://10.0.0.1/result.png")).isInstanceOfSatisfying(ProviderException.class,
                failure -> assertThat(failure.code()).isEqualTo("download_refused"));
    }
}
