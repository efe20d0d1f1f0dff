package io.darkroom.api.batches;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.jobs.JobSubmission;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.JobError;
import io.darkroom.model.Lane;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues a batch's valid lines as bulk-lane jobs, {@value #AT_ONCE} at a time (each waits for its broker
 * confirm, so one by one would be a round trip per line). Each job counts its final state into the batch.
 * A batch that cannot be queued whole fails, and the lines already queued are canceled.
 */
@Component
class BatchSubmission {

    /** Lines submitted concurrently. */
    static final int AT_ONCE = 32;

    private final JobSubmission submission;
    private final RedisJobStore jobs;
    private final BatchStore batches;
    private final JsonMapper json;

    BatchSubmission(JobSubmission submission, RedisJobStore jobs, BatchStore batches, JsonMapper json) {
        this.submission = submission;
        this.jobs = jobs;
        this.batches = batches;
        this.json = json;
    }

    /**
     * @return the lines' job ids, in line order
     * @throws RuntimeException the first submission's failure, after the batch was marked failed
     */
    List<String> submitAll(Caller caller, String batchId, List<BatchLines.Line> lines) {
        String[] jobIds = new String[lines.size()];
        try {
            submit(caller, batchId, lines, jobIds);
        } catch (RuntimeException e) {
            abandon(batchId, jobIds, e);
            throw e;
        }
        return List.of(jobIds);
    }

    private void submit(Caller caller, String batchId, List<BatchLines.Line> lines, String[] jobIds) {
        String counts = batches.countsKey(batchId);
        AtomicBoolean failed = new AtomicBoolean();
        Semaphore window = new Semaphore(AT_ONCE);
        List<Future<?>> submitted = new ArrayList<>();
        try (ExecutorService submitting = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int index = 0; index < lines.size() && !failed.get(); index++) {
                int line = index;
                window.acquireUninterruptibly();
                submitted.add(submitting.submit(() -> {
                    try {
                        jobIds[line] = submission.submitCounted(caller, lines.get(line).request(), Lane.BULK, counts).id();
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        window.release();
                    }
                }));
            }
            for (Future<?> each : submitted) {
                each.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while submitting the batch " + batchId, e);
        }
    }

    private void abandon(String batchId, String[] jobIds, RuntimeException cause) {
        JobError reason = new JobError("batch_failed", "The batch could not be submitted whole; it failed.");
        for (String jobId : jobIds) {
            if (jobId != null) {
                jobs.cancel(jobId, reason);
            }
        }
        batches.update(batchId, Map.of("status", "failed", "failed_at", Long.toString(Instant.now().getEpochSecond()), "total", "0",
                "errors", json.writeValueAsString(List.of(Map.of("line", 0, "code", "submission_failed",
                        "message", "Darkroom could not queue every line (" + cause.getMessage() + "); nothing of this batch runs.")))));
        batches.close(batchId);
    }
}
