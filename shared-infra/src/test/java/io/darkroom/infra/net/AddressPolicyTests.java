package io.darkroom.infra.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTests {

    private final AddressPolicy strict = new AddressPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "255.255.255.255",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
        "64:ff9b::a00:1"})
    void refusesLoopbackPrivateLinkLocalCgnatAndLocalIpv6(String address) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address))).as(address).isEmpty();
    }

    @Test
    void allowListOpensExactlyTheRangesItNames() throws Exception {
        AddressPolicy tests = AddressPolicy.allowing(List.of("127.0.0.1/32"));

        assertThat(tests.refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(tests.refusal(InetAddress.getByName("::ffff:127.0.0.1"))).isEmpty();
        assertThat(tests.refusal(InetAddress.getByName("127.0.0.2"))).isPresent();
        assertThat(tests.refusal(InetAddress.getByName("10.0.0.1"))).isPresent();
    }

    @Test
    void resolverRefusesAHostWhoseAnswerIncludesARefusedAddress() {
        GuardedDnsResolver resolver = new GuardedDnsResolver(strict, org.apache.hc.client5.http.SystemDefaultDnsResolver.INSTANCE);

        assertThatThrownBy(() -> resolver.resolve("localhost")).isInstanceOf(RefusedAddressException.class)
                .hasMessageContaining("localhost");
    }

    @Test
    void cidrRangesRefuseNamesAndBadPrefixes() {
        assertThatThrownBy(() -> Cidr.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cidr.parse("10.0.0.0/8").contains(addressOf("10.200.1.1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(addressOf("11.0.0.1"))).isFalse();
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
