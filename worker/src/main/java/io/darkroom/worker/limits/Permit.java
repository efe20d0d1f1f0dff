package io.darkroom.worker.limits;

/**
 * One held permit of a provider's global limit. Closing it gives it back. While held it is renewed in the
 * background; {@link #lost()} turns true if a renewal found it expired (the holder stalled past its
 * lease), and the permit may then be someone else's.
 */
public final class Permit implements AutoCloseable {

    private final String provider;
    private final String leaseId;
    private final boolean bulk;
    private final ProviderPermits owner;
    private final int handovers;

    /** A permit that guards nothing: for callers (and tests) that need no global limit. */
    public static Permit unguarded(String provider) {
        return new Permit(provider, "unguarded", false, null);
    }
    private volatile boolean lost;
    private volatile boolean closed;

    Permit(String provider, String leaseId, boolean bulk, ProviderPermits owner) {
        this(provider, leaseId, bulk, owner, 0);
    }

    private Permit(String provider, String leaseId, boolean bulk, ProviderPermits owner, int handovers) {
        this.handovers = handovers;
        this.provider = provider;
        this.leaseId = leaseId;
        this.bulk = bulk;
        this.owner = owner;
    }

    public String provider() {
        return provider;
    }

    String leaseId() {
        return leaseId;
    }

    boolean bulk() {
        return bulk;
    }

    /** How many times this lease was handed from one caller to the next in this worker without going back to Redis. */
    int handovers() {
        return handovers;
    }

    /** The same lease for the next caller, this one being closed. */
    Permit handedOn() {
        return new Permit(provider, leaseId, bulk, owner, handovers + 1);
    }

    public boolean lost() {
        return lost;
    }

    void markLost() {
        lost = true;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (owner != null) {
                owner.release(this);
            }
        }
    }
}
