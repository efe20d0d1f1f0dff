package io.darkroom.api.auth;

/**
 * The authenticated API key behind a request; controllers receive it as a request attribute.
 *
 * @param keyId the key's id ({@code key_...}), which owns the jobs it creates
 * @param name  the key's label
 * @param tier   the key's tier (its limits); null for the api's own work on a key's behalf (a parked job
 *               replayed by an admin), which no limit applies to
 * @param budget the key's spend caps
 */
public record Caller(String keyId, String name, String tier, Budget budget) {

    /** The api acting on a key's behalf: no limit or budget applies. */
    public Caller(String keyId, String name) {
        this(keyId, name, null, Budget.NONE);
    }

    public Caller(String keyId, String name, String tier) {
        this(keyId, name, tier, Budget.NONE);
    }

    /**
     * A key's spend caps in micro-USD (millionths of a dollar) per UTC day and per month; 0 is no cap.
     */
    public record Budget(long dailyMicros, long monthlyMicros) {

        public static final Budget NONE = new Budget(0, 0);

        public boolean caps() {
            return dailyMicros > 0 || monthlyMicros > 0;
        }
    }

    /** The request attribute the authentication filter stores the caller under. */
    public static final String ATTRIBUTE = "darkroom.caller";
}
