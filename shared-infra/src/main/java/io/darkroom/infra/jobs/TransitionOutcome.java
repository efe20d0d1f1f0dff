package io.darkroom.infra.jobs;

/**
 * What became of an attempted state change. Losing a race is an expected outcome, not an error.
 *
 * @param applied whether the change was written
 * @param reason  when not applied: {@code missing} (no such job or it expired), {@code stale} (the
 *                caller no longer holds the claim), or the job's current status the table refused
 */
public record TransitionOutcome(boolean applied, String reason) {

    static TransitionOutcome of(String reply) {
        return switch (reply) {
            case "applied", "claimed" -> new TransitionOutcome(true, null);
            default -> new TransitionOutcome(false, reply);
        };
    }
}
