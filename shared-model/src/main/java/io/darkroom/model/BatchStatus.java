package io.darkroom.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The states of a batch and the one table of moves allowed between them: OpenAI's batch statuses, and
 * Darkroom's {@code expiring}.
 *
 * <pre>
 * validating -&gt; in_progress -&gt; completed
 * validating -&gt; failed                       (a line, or the file, was refused)
 * validating | in_progress -&gt; cancelling -&gt; cancelled
 * validating | in_progress -&gt; expiring -&gt; expired      (the completion window ended)
 * </pre>
 *
 * {@code cancelling} and {@code expiring} stop the batch's unfinished lines before it ends. OpenAI's
 * {@code finalizing} is not a state here: Darkroom writes a batch's files before its one final move, and shows
 * {@code expiring} as {@code finalizing} ({@link #openAiName()}). Every status change of a batch is checked
 * against {@link #canMoveTo(BatchStatus)}; the Redis store applies the same table atomically, so of two racing
 * writers (a cancel and a finalization, two api instances) exactly one moves the batch.
 */
public enum BatchStatus {
    VALIDATING, IN_PROGRESS, CANCELLING, EXPIRING, COMPLETED, FAILED, CANCELLED, EXPIRED;

    private static final Map<BatchStatus, Set<BatchStatus>> ALLOWED_MOVES = Map.of(
            VALIDATING, EnumSet.of(IN_PROGRESS, FAILED, CANCELLING, EXPIRING),
            IN_PROGRESS, EnumSet.of(COMPLETED, CANCELLING, EXPIRING),
            CANCELLING, EnumSet.of(CANCELLED),
            EXPIRING, EnumSet.of(EXPIRED),
            COMPLETED, EnumSet.noneOf(BatchStatus.class),
            FAILED, EnumSet.noneOf(BatchStatus.class),
            CANCELLED, EnumSet.noneOf(BatchStatus.class),
            EXPIRED, EnumSet.noneOf(BatchStatus.class));

    /** Whether the table allows moving from this state to {@code target}. */
    public boolean canMoveTo(BatchStatus target) {
        return ALLOWED_MOVES.get(this).contains(target);
    }

    /** A final state: nothing moves out of it, and the batch's one event tells it. */
    public boolean isTerminal() {
        return ALLOWED_MOVES.get(this).isEmpty();
    }

    /** {@code cancelling} or {@code expiring}: the batch stops its unfinished lines, then ends. */
    public boolean isStopping() {
        return this == CANCELLING || this == EXPIRING;
    }

    /** The states from which {@code target} may be reached, for stores that check them atomically. */
    public static Set<BatchStatus> sourcesOf(BatchStatus target) {
        return Arrays.stream(values()).filter(status -> status.canMoveTo(target))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(BatchStatus.class)));
    }

    /** The lower-case name stored in Redis ({@code validating}, {@code in_progress}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The name OpenAI's batch object shows: the wire name, except {@code expiring}, shown as {@code finalizing}
     * (OpenAI has no name for a batch stopping its lines at the end of its window).
     */
    public String openAiName() {
        return this == EXPIRING ? "finalizing" : wireName();
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException for a name that is not a batch status
     */
    public static BatchStatus fromWireName(String name) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown batch status '" + name + "'"));
    }
}
