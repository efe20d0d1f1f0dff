package io.darkroom.api.batches;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings open batches up to date without waiting for a reader: finalizes a batch whose lines are all final
 * (its output and error files written once, whichever api instance gets there first) and expires one whose
 * completion window ended. Every {@code darkroom.api.batch-sweep-interval} (2 s); each api instance runs
 * it, and the finalization claim keeps the work once.
 */
@Component
class BatchSweeper {

    /** Open batches looked at per sweep, soonest window end first. */
    static final int PER_SWEEP = 500;
    private static final Logger log = LoggerFactory.getLogger(BatchSweeper.class);

    private final BatchStore batches;
    private final BatchesController controller;

    BatchSweeper(BatchStore batches, BatchesController controller) {
        this.batches = batches;
        this.controller = controller;
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
                controller.refresh(owner, id);
            } catch (RuntimeException e) {
                log.warn("Could not bring batch {} up to date; will try again", id, e);
            }
        }
    }
}
