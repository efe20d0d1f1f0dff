package io.darkroom.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of a job and the one table of moves allowed between them.
 *
 * <pre>
 * queued -&gt; running -&gt; succeeded | failed | canceled
 * running -&gt; queued     (a retry was scheduled)
 * queued -&gt; canceled | failed
 * </pre>
 *
 * Every state change in the platform is checked against {@link #canMoveTo(JobStatus)}; the Redis
 * store applies the same table atomically, so a late or duplicate writer loses.
 */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED_MOVES = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELED, FAILED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELED, QUEUED),
            SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELED, EnumSet.noneOf(JobStatus.class));

    /** Whether the table allows moving from this state to {@code target}. */
    public boolean canMoveTo(JobStatus target) {
        return ALLOWED_MOVES.get(this).contains(target);
    }

    /** A final state: nothing moves out of it. */
    public boolean isTerminal() {
        return ALLOWED_MOVES.get(this).isEmpty();
    }

    /** The states from which {@code target} may be reached, for stores that check them atomically. */
    public static Set<JobStatus> sourcesOf(JobStatus target) {
        EnumSet<JobStatus> sources = EnumSet.noneOf(JobStatus.class);
        for (JobStatus status : values()) {
            if (status.canMoveTo(target)) {
                sources.add(status);
            }
        }
        return sources;
    }

    /**
     * Checks a move against the table.
     *
     * @throws IllegalTransitionException when the table does not allow it
     */
    public JobStatus moveTo(JobStatus target) {
        if (!canMoveTo(target)) {
            throw new IllegalTransitionException(this, target);
        }
        return target;
    }

    /** The lower-case name used on the wire and in Redis ({@code queued}, {@code running}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException for a name that is not a job status
     */
    public static JobStatus fromWireName(String name) {
        for (JobStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown job status '" + name + "'");
    }
}
