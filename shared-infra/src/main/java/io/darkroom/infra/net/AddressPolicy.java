package io.darkroom.infra.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides which addresses outbound requests to user-named URLs may reach: every public address, and no
 * loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, unique-local, multicast or
 * reserved one, unless an allow-list range names it. IPv4 addresses embedded in IPv6 are judged as the
 * IPv4 address they carry (Java already turns IPv4-mapped addresses into IPv4 ones; NAT64 is done here).
 */
public final class AddressPolicy {

    private static final List<Cidr> REFUSED = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32")
            .stream().map(Cidr::parse).toList();
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");

    private final List<Cidr> allowed;

    /** @param allowed ranges to allow although they are refused by default (tests allow 127.0.0.1) */
    public AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    public static AddressPolicy allowing(List<String> ranges) {
        return new AddressPolicy(ranges.stream().filter(range -> !range.isBlank()).map(Cidr::parse).toList());
    }

    /** Why {@code address} is refused, or empty when it may be reached. */
    public Optional<String> refusal(InetAddress address) {
        if (allowed.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        InetAddress judged = embeddedIpv4(address).orElse(address);
        if (judged != address && allowed.stream().anyMatch(range -> range.contains(judged))) {
            return Optional.empty();
        }
        return REFUSED.stream().filter(range -> range.contains(judged)).findFirst()
                .map(range -> judged.getHostAddress() + " is in the refused range " + range);
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address) || !NAT64.contains(address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Four bytes are always an IPv4 address", e);
        }
    }
}
