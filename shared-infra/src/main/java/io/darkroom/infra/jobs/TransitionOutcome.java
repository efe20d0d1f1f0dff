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
 * @param frees   for an applied final move of a held batch line ({@link RedisJobStore.BatchLine#held()}): the batch
 *                whose held lines its end makes room for; null otherwise
 * @param finalState for an applied final move: the job's Redis hash as the move left it (its event carries it);
 *                null otherwise
 */
public record TransitionOutcome(boolean applied, String reason, boolean hooked, String frees, java.util.Map<String, String> finalState) {

    /** An outcome without a final event. */
    public TransitionOutcome(boolean applied, String reason) {
        this(applied, reason, false, null, null);
    }

    /** A claim refused because a live worker is running the job: the delivery should wait, not run it again. */
    public boolean held() {
        return !applied && "held".equals(reason);
    }

    /**
     * From a script's reply: its first element, and for an applied final move its routing ('hooked' or 'plain'), the
     * batch a held line's end frees room in ('' for none) and the job's hash (field, value, ...).
     */
    static TransitionOutcome of(java.util.List<?> reply) {
        TransitionOutcome outcome = of((String) reply.getFirst());
        if (!outcome.applied() || reply.size() < 2) {
            return outcome;
        }
        String frees = reply.size() > 2 && !"".equals(reply.get(2)) ? (String) reply.get(2) : null;
        java.util.Map<String, String> finalState = null;
        if (reply.size() > 3 && reply.get(3) instanceof java.util.List<?> pairs) {
            finalState = new java.util.HashMap<>(pairs.size());
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                finalState.put((String) pairs.get(i), (String) pairs.get(i + 1));
            }
        }
        return new TransitionOutcome(true, null, "hooked".equals(reply.get(1)), frees, finalState);
    }

    static TransitionOutcome of(String reply) {
        return switch (reply) {
            case "applied", "claimed" -> new TransitionOutcome(true, null);
            default -> new TransitionOutcome(false, reply);
        };
    }
}
