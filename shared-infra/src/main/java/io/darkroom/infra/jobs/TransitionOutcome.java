package io.darkroom.infra.jobs;

/**
 * What became of an attempted state change. Losing a race is an expected outcome, not an error.
 *
 * @param applied whether the change was written
 * @param reason  when not applied: {@code missing} (no such job or it expired), {@code stale} (the
 *                caller no longer holds the claim), {@code held} (a redelivery of a job a live worker is
 *                running: see {@link #held()}), or the job's current status the table refused
 */
public record TransitionOutcome(boolean applied, String reason) {

    /** A claim refused because a live worker is running the job: the delivery should wait, not run it again. */
    public boolean held() {
        return !applied && "held".equals(reason);
    }

    static TransitionOutcome of(String reply) {
        return switch (reply) {
            case "applied", "claimed" -> new TransitionOutcome(true, null);
            default -> new TransitionOutcome(false, reply);
        };
    }
}
