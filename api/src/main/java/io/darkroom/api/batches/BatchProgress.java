package io.darkroom.api.batches;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.jobs.JobCancellation;
import io.darkroom.infra.images.ImageStore;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.BatchStatus;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Brings a batch up to date: expires it when its completion window ended (its unfinished lines stopped),
 * and finalizes it (output and error files written, once, then its final status and event) when every
 * line is final. Readers and the {@link BatchSweeper} both call it; status moves are compare-and-set, so
 * racing callers (a cancel, another api instance) never both win, and only the one whose final move won
 * sends the event ({@link BatchEvents#end}).
 */
@Component
class BatchProgress {

    static final JobError CANCELLED = new JobError("batch_cancelled", "The batch was cancelled before this line finished.");
    static final JobError EXPIRED = new JobError("batch_expired", "This request could not be executed before the completion window expired.");
    static final JobError FAILED = new JobError("batch_failed", "The batch failed validation; its lines do not run.");
    /** A line whose job is gone (expired with the retention) while its batch ran on. */
    private static final JobError GONE = new JobError("expired", "The line's job expired.");
    /** Finished lines whose results are kept alive per call of {@link #keepResults}. */
    private static final int KEPT_PER_CALL = 1000;

    private final BatchStore batches;
    private final BatchOutput output;
    private final FileStore files;
    private final RedisJobStore jobs;
    private final JobCancellation cancellation;
    private final BatchEvents events;
    private final ImageStore images;
    private final BatchView views;

    BatchProgress(BatchStore batches, BatchOutput output, FileStore files, RedisJobStore jobs, JobCancellation cancellation,
            BatchEvents events, ImageStore images, BatchView views) {
        this.views = views;
        this.batches = batches;
        this.output = output;
        this.files = files;
        this.jobs = jobs;
        this.cancellation = cancellation;
        this.events = events;
        this.images = images;
    }

    /**
     * The batch, with its progress.
     *
     * @param batch  as stored
     * @param counts {completed, failed} counted now; null once final (the stored counts are shown)
     */
    record Snapshot(Map<String, String> batch, int[] counts) {

        BatchStatus status() {
            return BatchStore.statusOf(batch);
        }
    }

    /** The batch as its owner sees it, brought up to date first. */
    Snapshot refresh(String owner, String id) {
        Map<String, String> batch = batches.find(owner, id).orElseThrow(() -> ApiException.notFound("batch", id));
        BatchStatus status = BatchStore.statusOf(batch);
        if (status.isTerminal()) {
            return new Snapshot(batch, null);
        }
        if (status.canMoveTo(BatchStatus.EXPIRING) && !Instant.now().isBefore(BatchView.expiresAt(batch))
                && batches.move(id, BatchStatus.EXPIRING, Map.of())) {
            stopLines(id, BatchStatus.EXPIRING);
            batch = batches.find(owner, id).orElseThrow();
        }
        int[] counts = countersOf(batch);
        if (!batch.containsKey("submitted_at")) {
            return new Snapshot(batch, counts);
        }
        int total = Integer.parseInt(batch.get("total"));
        int refused = Integer.parseInt(batch.getOrDefault("refused", "0"));
        List<String[]> lines = null;
        List<Job> lineJobs = null;
        if (BatchStore.statusOf(batch) != BatchStatus.IN_PROGRESS && counts[0] + counts[1] < total) {
            // Stopping (cancel, expiry): a line whose job expired, or was never queued, never counts itself.
            lines = batches.lines(id);
            lineJobs = jobsOf(lines);
            counts = counts(lineJobs);
            counts[1] += refused;
        }
        if (counts[0] + counts[1] == total && batches.lineCount(id) == total - refused && batches.claimFinalization(id)) {
            try {
                if (finish(owner, id, batch, lines != null ? lines : batches.lines(id), lineJobs)) {
                    return new Snapshot(batches.find(owner, id).orElseThrow(), null);
                }
            } catch (RuntimeException e) {
                batches.releaseFinalization(id);
                throw e;
            }
        }
        return new Snapshot(batch, counts);
    }

    /**
     * Stops every line of the batch not final yet (finished lines keep their results), for a batch
     * {@code cancelling}, {@code expiring}, or {@code failed} after some of its lines were queued.
     */
    void stopLines(String id, BatchStatus stoppingStatus) {
        JobError reason = switch (stoppingStatus) {
            case EXPIRING -> EXPIRED;
            case FAILED -> FAILED;
            default -> CANCELLED;
        };
        cancellation.cancelAll(batches.lines(id).stream().map(line -> line[1]).toList(), reason);
    }

    /**
     * Makes the images of lines that finished since the last call live as long as the batch: a result
     * image lives an hour by itself, and a batch's output must stay readable for as long as the batch.
     *
     * @return how many lines it looked at (at most {@value #KEPT_PER_CALL}); 0 when it is up to date
     */
    int keepResults(String id) {
        String keptSoFar = batches.field(id, "kept");
        long kept = keptSoFar == null ? 0 : Long.parseLong(keptSoFar);
        List<String[]> finished = batches.finished(id, kept, KEPT_PER_CALL);
        for (String[] line : finished) {
            jobs.find(line[1]).filter(job -> job.result() != null)
                    .ifPresent(job -> job.result().images().forEach(image -> images.keep(image.imageId(), batches.retention())));
        }
        if (!finished.isEmpty()) {
            batches.update(id, Map.of("kept", Long.toString(kept + finished.size())));
        }
        return finished.size();
    }

    /** A finished line's row as it reads now (see {@link BatchOutput#row}). */
    Map<String, Object> rowOf(String[] finishedLine) {
        return output.row(finishedLine[0], finishedLine[1], jobs.find(finishedLine[1]).orElse(null), GONE);
    }

    /** Writes the batch's files and ends it; false when a cancel or the window's end moved it meanwhile. */
    private boolean finish(String owner, String id, Map<String, String> batch, List<String[]> lines, List<Job> known) {
        int looked;
        do {
            looked = keepResults(id); // every finished line's images, before the sweeper stops looking at the batch
        } while (looked > 0);
        List<Job> lineJobs = known != null ? known : jobsOf(lines);
        Ending ending = Ending.of(BatchStore.statusOf(batch));
        BatchOutput.Files written = output.of(id, views.lineErrors(batch), lines, lineJobs, ending.missing());
        Map<String, String> done = new HashMap<>();
        String now = Long.toString(Instant.now().getEpochSecond());
        done.put(ending.status().wireName() + "_at", now);
        done.put("finalizing_at", now);
        int[] counts = counts(lineJobs);
        done.put("completed", Integer.toString(counts[0]));
        done.put("failed", Integer.toString(counts[1] + Integer.parseInt(batch.getOrDefault("refused", "0"))));
        if (!written.output().isEmpty()) {
            done.put("output_file_id", files.save(owner, id + "_output.jsonl", "batch_output",
                    written.output().getBytes(StandardCharsets.UTF_8)).id());
        }
        if (!written.errors().isEmpty()) {
            done.put("error_file_id", files.save(owner, id + "_error.jsonl", "batch_output",
                    written.errors().getBytes(StandardCharsets.UTF_8)).id());
        }
        if (events.end(batch, ending.status(), done)) {
            return true;
        }
        // A cancel or the window's end moved the batch meanwhile: the next refresh finalizes it as that.
        batches.releaseFinalization(id);
        return false;
    }

    /** How a batch ends from the status it is finalized in, and what a line without a job failed of then. */
    private record Ending(BatchStatus status, JobError missing) {

        static Ending of(BatchStatus finalizedFrom) {
            return switch (finalizedFrom) {
                case CANCELLING -> new Ending(BatchStatus.CANCELLED, CANCELLED);
                case EXPIRING -> new Ending(BatchStatus.EXPIRED, EXPIRED);
                default -> new Ending(BatchStatus.COMPLETED, GONE);
            };
        }
    }

    /** The lines' jobs, in line order; null for one that is gone. */
    private List<Job> jobsOf(List<String[]> lines) {
        return lines.stream().map(line -> jobs.find(line[1]).orElse(null)).toList();
    }

    /**
     * {completed, failed} as the lines' jobs counted them into the batch's hash when they reached a final
     * state (canceled counts as failed), plus the lines refused up front: exact, and one read however many lines.
     */
    private static int[] countersOf(Map<String, String> batch) {
        int succeeded = Integer.parseInt(batch.getOrDefault("done_succeeded", "0"));
        int failed = Integer.parseInt(batch.getOrDefault("done_failed", "0")) + Integer.parseInt(batch.getOrDefault("done_canceled", "0"))
                + Integer.parseInt(batch.getOrDefault("refused", "0"));
        return new int[] {succeeded, failed};
    }

    /** {succeeded, failed or canceled} among the lines' jobs; a missing job counts as failed. */
    private static int[] counts(List<Job> lineJobs) {
        int completed = 0;
        int failed = 0;
        for (Job job : lineJobs) {
            if (job == null || job.status() == JobStatus.FAILED || job.status() == JobStatus.CANCELED) {
                failed++;
            } else if (job.status() == JobStatus.SUCCEEDED) {
                completed++;
            }
        }
        return new int[] {completed, failed};
    }
}
