package io.darkroom.api.batches;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.model.BatchStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps open batches moving without waiting for a reader, every {@code darkroom.api.batch-sweep-interval}
 * (2 s) on each api instance: resumes the validation and queueing of a batch whose submission run died or
 * failed ({@link BatchSubmission}'s lease keeps it to one run at a time), finalizes a batch whose lines are
 * all final and expires one whose completion window ended ({@link BatchProgress}), sends the recorded event
 * of a batch whose sender failed or died before sending it ({@link BatchEvents#sendIfCutOff}), releases held
 * lines a line's end did not release, and keeps the results of newly finished lines alive as long as their batch.
 */
@Component
class BatchSweeper {

    /** Open batches looked at per sweep, soonest window end first. */
    static final int PER_SWEEP = 500;
    private static final Logger log = LoggerFactory.getLogger(BatchSweeper.class);

    private final BatchStore batches;
    private final BatchProgress progress;
    private final BatchSubmission submission;
    private final BatchEvents events;
    private final JobLifecycle lifecycle;

    BatchSweeper(BatchStore batches, BatchProgress progress, BatchSubmission submission, BatchEvents events, JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.events = events;
        this.batches = batches;
        this.progress = progress;
        this.submission = submission;
    }

    @Scheduled(fixedDelayString = "${darkroom.api.batch-sweep-interval:2s}", initialDelayString = "${darkroom.api.batch-sweep-interval:2s}")
    void sweep() {
        for (String id : batches.openBatches(PER_SWEEP)) {
            try {
                String owner = batches.ownerOf(id).orElse(null);
                if (owner == null) {
                    batches.close(id);
                    continue;
                }
                progress.keepResults(id);
                BatchProgress.Snapshot snapshot = progress.refresh(owner, id);
                BatchStatus status = snapshot.status();
                if (status.isTerminal()) {
                    // Final but still listed open: its event is going out, or its sender failed or died before it did.
                    events.sendIfCutOff(snapshot.batch());
                } else if (!snapshot.batch().containsKey("submitted_at")) {
                    submission.start(id);
                } else if (status == BatchStatus.IN_PROGRESS && RedisJobStore.holdsLines(snapshot.batch())) {
                    // Held lines whose release a line's end did not do (its writer died, or room came from another batch).
                    lifecycle.releaseHeldLines(id);
                } else if (status.isStopping()) {
                    // Still stopping after the refresh: a stop pass was cut off (crash, Redis error). Stopping again is harmless.
                    progress.stopLines(id, status);
                }
            } catch (RuntimeException e) {
                log.warn("Could not bring batch {} up to date; will try again", id, e);
            }
        }
    }
}
