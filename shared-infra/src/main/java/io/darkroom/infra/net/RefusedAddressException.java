package io.darkroom.infra.net;

import java.net.UnknownHostException;

/**
 * A host resolved only to addresses the {@link AddressPolicy} refuses. Extends
 * {@link UnknownHostException} so HTTP clients treat it as a failed resolution: nothing is sent.
 */
public final class RefusedAddressException extends UnknownHostException {

    public RefusedAddressException(String host, String reason) {
        super("Refusing to connect to " + host + ": " + reason);
    }
}
