package io.darkroom.api.idempotency;

import io.darkroom.model.Ids;
import java.util.Optional;

/**
 * An image request sent with an {@code Idempotency-Key}, as its controller receives it (a request attribute):
 * the job it must answer with. A first request makes the job under {@link #jobId()}, derived from the caller,
 * the key and the request, so that even a retry after a crash finds it; a retry answers with the job the
 * first request made, waiting for it as a first call would.
 */
public final class IdempotentJob {

    /** The request attribute that holds it. */
    public static final String ATTRIBUTE = "io.darkroom.api.idempotency.IdempotentJob";

    private final IdempotencyStore store;
    private final IdempotencyStore.Key key;
    private final String jobId;
    private final boolean made;
    private volatile boolean recorded;

    IdempotentJob(IdempotencyStore store, IdempotencyStore.Key key, String fingerprint, Optional<String> madeJob) {
        this.store = store;
        this.key = key;
        this.jobId = madeJob.orElseGet(() -> Ids.idempotentJobId(key.owner(), key.digest(), fingerprint));
        this.made = madeJob.isPresent();
    }

    /** The id of the job this request answers with: the one an earlier attempt made, or the one to make. */
    public String jobId() {
        return jobId;
    }

    /** Whether an earlier attempt with this key made the job. */
    public boolean madeEarlier() {
        return made;
    }

    /** Records that the job exists, so that retries answer with it. */
    public void recordJob() {
        store.madeJob(key, jobId);
        recorded = true;
    }

    boolean recorded() {
        return recorded;
    }

    IdempotencyStore.Key key() {
        return key;
    }
}
