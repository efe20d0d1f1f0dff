package io.darkroom.infra.jobs;

/**
 * What became of an attempted state change. Losing a race is an expected outcome, not an error.
 *
 * @param applied whether the change was written
 * @param reason  when not applied: {@code missing} (no such job or it expired), {@code stale} (the
 *                caller no longer holds the claim), {@code held} (a redelivery of a job a live worker is
 *                running: see {@link #held()}), or the job's current status the table refused
 * @param hooked  for an applied final move: whether its event has a webhook to deliver (the request's
 *                {@code webhook_url} or an endpoint of the owner); false otherwise
 */
public record TransitionOutcome(boolean applied, String reason, boolean hooked) {

    /** An outcome without a final event. */
    public TransitionOutcome(boolean applied, String reason) {
        this(applied, reason, false);
    }

    /** A claim refused because a live worker is running the job: the delivery should wait, not run it again. */
    public boolean held() {
        return !applied && "held".equals(reason);
    }

    /** From a script's reply: its first element, and for an applied final move its routing ('hooked' or 'plain'). */
    static TransitionOutcome of(java.util.List<?> reply) {
        TransitionOutcome outcome = of((String) reply.getFirst());
        return outcome.applied() && reply.size() > 1 && "hooked".equals(reply.get(1)) ? new TransitionOutcome(true, null, true) : outcome;
    }

    static TransitionOutcome of(String reply) {
        return switch (reply) {
            case "applied", "claimed" -> new TransitionOutcome(true, null);
            default -> new TransitionOutcome(false, reply);
        };
    }
}
