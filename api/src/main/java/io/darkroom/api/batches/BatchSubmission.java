package io.darkroom.api.batches;

import io.darkroom.api.edits.BatchEdits;
import io.darkroom.api.images.ImageEndpoint;
import io.darkroom.api.images.ImageEndpoints;
import io.darkroom.api.jobs.JobSubmission;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.model.BatchStatus;
import io.darkroom.model.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a batch through {@code validating}, in the background: reads its input file, checks every line
 * as the single endpoint would ({@link BatchLines}), and either fails the batch with one error per refused
 * line or queues the lines as bulk-lane jobs, {@value #AT_ONCE} at a time (each waits for its broker
 * confirm), then moves it to {@code in_progress}. When the key's tier limits batch lines in flight, the lines are
 * stored held instead and released as that limit allows ({@link JobLifecycle#releaseHeldLines}): the first ones
 * once the batch is in progress, the next ones as lines end.
 *
 * <p>Nothing is lost to a crash or a broker outage: one api instance at a time holds the batch's
 * submission lease; a line's job id is derived from the batch and the line, so a submission run again
 * (after the lease of a crashed or failed run ran out, by the {@link BatchSweeper}) creates only the jobs
 * that do not exist yet. A batch cancelled or expiring while its lines are being queued stops queueing and
 * stops the lines already queued.
 */
@Component
class BatchSubmission implements DisposableBean {

    /** Lines submitted concurrently. */
    static final int AT_ONCE = 32;
    /** How long a submission run holds its batch without renewing; a failed run is retried after it. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** Errors about the file as a whole: no run of "the valid lines" makes sense with them. */
    private static final Set<String> FILE_ERRORS = Set.of("too_many_lines", "empty_file");
    private static final Logger log = LoggerFactory.getLogger(BatchSubmission.class);

    private final FileStore files;
    private final BatchStore batches;
    private final JobSubmission submission;
    private final RedisJobStore jobs;
    private final BatchEdits edits;
    private final ImageEndpoints endpoints;
    private final BatchProgress progress;
    private final BatchEvents events;
    private final JsonMapper json;
    private final JobLifecycle lifecycle;
    private final String holder = "api-" + UUID.randomUUID();
    private final ExecutorService running = Executors.newVirtualThreadPerTaskExecutor();
    /** Edit images being loaded at once, across every batch of this api: each may be up to the upload limit. */
    private final Semaphore loading = new Semaphore(AT_ONCE);

    BatchSubmission(FileStore files, BatchStore batches, JobSubmission submission, RedisJobStore jobs, BatchEdits edits,
            ImageEndpoints endpoints, BatchProgress progress, BatchEvents events, JsonMapper json, JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.edits = edits;
        this.endpoints = endpoints;
        this.files = files;
        this.batches = batches;
        this.submission = submission;
        this.progress = progress;
        this.events = events;
        this.json = json;
    }

    /** Validates and queues the batch in the background, unless another run holds it. */
    void start(String batchId) {
        running.execute(() -> run(batchId));
    }

    /** Validates and queues the batch, unless another run holds it or it is queued already. */
    void run(String id) {
        if (!batches.leaseSubmission(id, holder, LEASE)) {
            return;
        }
        boolean done = false;
        AtomicBoolean leaseLost = new AtomicBoolean();
        Thread renewing = Thread.ofVirtual().start(() -> renewWhileRunning(id, leaseLost));
        try {
            Optional<Map<String, String>> batch = batches.get(id);
            if (batch.isPresent() && !batch.get().containsKey("submitted_at")) {
                if (BatchStore.statusOf(batch.get()) == BatchStatus.VALIDATING) {
                    validateAndQueue(id, batch.get(), leaseLost);
                }
                stopIfStopping(id);
            }
            done = true;
        } catch (RuntimeException e) {
            log.warn("Could not queue batch {} whole; its submission runs again in {}", id, LEASE, e);
        } finally {
            renewing.interrupt();
            if (done) {
                batches.releaseSubmission(id, holder);
            }
        }
    }

    /** Renews the run's lease every third of it; when renewal fails (another run took over), tells the run to stop. */
    private void renewWhileRunning(String id, AtomicBoolean leaseLost) {
        try {
            while (!leaseLost.get()) {
                Thread.sleep(LEASE.dividedBy(3));
                if (!batches.leaseSubmission(id, holder, LEASE)) {
                    leaseLost.set(true);
                }
            }
        } catch (InterruptedException finished) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not renew the submission lease of batch {}", id, e);
            leaseLost.set(true);
        }
    }

    /**
     * Whether the run may queue more: false once the batch stopped validating (cancel, expiry).
     *
     * @throws IllegalStateException when this run lost its lease: another run carries on, this one stops
     */
    private boolean stillValidating(String id, AtomicBoolean leaseLost) {
        if (leaseLost.get()) {
            throw new IllegalStateException("Another run took over the submission of batch " + id);
        }
        return batches.status(id).filter(BatchStatus.VALIDATING::equals).isPresent();
    }

    private void validateAndQueue(String id, Map<String, String> batch, AtomicBoolean leaseLost) {
        String owner = batch.get("owner");
        Optional<byte[]> input = files.content(owner, batch.get("input_file_id"));
        if (input.isEmpty()) {
            fail(batch, List.of(new BatchLines.LineError(0, null, "input_file_id", "file_not_found",
                    "The input file " + batch.get("input_file_id") + " was deleted before the batch read it.")));
            return;
        }
        Optional<ImageEndpoint> endpoint = endpoints.find(batch.get("endpoint"));
        if (endpoint.isEmpty()) {
            fail(batch, List.of(new BatchLines.LineError(0, null, "endpoint", "invalid_value",
                    "This Darkroom has no image endpoint " + batch.get("endpoint") + ".")));
            return;
        }
        BatchLines lines = BatchLines.read(input.get(), endpoint.get(), json, submission::checkLine);
        if (!loadEditImages(id, lines, leaseLost)) {
            return;
        }
        boolean runValidLines = "true".equals(batch.get("run_valid_lines")) && !lines.lines.isEmpty()
                && lines.errors.stream().noneMatch(error -> FILE_ERRORS.contains(error.code()));
        if (!lines.errors.isEmpty() && !runValidLines) {
            fail(batch, lines.errors);
            return;
        }
        batches.update(id, Map.of("total", Integer.toString(lines.lines.size() + lines.errors.size())));
        if (lines.errors.isEmpty()) {
            batches.forget(id, "errors", "refused");
        } else {
            batches.update(id, Map.of("errors", json.writeValueAsString(lines.errors), "refused", Integer.toString(lines.errors.size())));
        }
        List<String> jobIds = lines.lines.stream().map(line -> Ids.batchLineJobId(id, line.number())).toList();
        batches.registerLines(id, lines.lines.stream().map(BatchLines.Line::customId).toList(), jobIds);
        boolean held = RedisJobStore.holdsLines(batch);
        if (queue(id, owner, lines.lines, jobIds, held, leaseLost)) {
            String now = Long.toString(Instant.now().getEpochSecond());
            if (batches.move(id, BatchStatus.IN_PROGRESS, Map.of("in_progress_at", now, "submitted_at", now)) && held) {
                lifecycle.releaseHeldLines(id);
            }
        }
    }

    /**
     * Loads, checks and stores the images of the edit lines not queued yet, {@value #AT_ONCE} at a time; a
     * line whose image is refused becomes a line error naming it ({@code body.images[0].image_url}).
     *
     * @return false when the batch stopped validating (cancel, expiry) meanwhile
     */
    private boolean loadEditImages(String id, BatchLines lines, AtomicBoolean leaseLost) {
        List<Callable<BatchLines.Line>> loads = new ArrayList<>();
        for (BatchLines.Line line : lines.lines) {
            loads.add(() -> {
                if (line.edit() == null || jobs.statusOf(Ids.batchLineJobId(id, line.number())).isPresent()) {
                    return line;
                }
                BatchEdits.Result loaded;
                loading.acquire();
                try {
                    loaded = edits.load(line.edit(), batches.retention(), submission::checkLine);
                } finally {
                    loading.release();
                }
                if (loaded.refused() != null) {
                    BatchEdits.ImageRefused refused = loaded.refused();
                    synchronized (lines.errors) {
                        lines.errors.add(new BatchLines.LineError(line.number(), line.customId(), "body." + refused.param(), refused.code(),
                                refused.message()));
                    }
                    return null;
                }
                return line.loaded(loaded.request());
            });
        }
        List<BatchLines.Line> ready = new ArrayList<>();
        for (int from = 0; from < loads.size(); from += AT_ONCE) {
            if (!stillValidating(id, leaseLost)) {
                return false;
            }
            ready.addAll(awaitAll(id, loads.subList(from, Math.min(loads.size(), from + AT_ONCE))));
        }
        lines.lines.clear();
        ready.stream().filter(java.util.Objects::nonNull).forEach(lines.lines::add);
        lines.errors.sort(java.util.Comparator.comparingInt(BatchLines.LineError::line));
        return true;
    }

    /**
     * Queues the lines whose jobs do not exist yet, {@value #AT_ONCE} at a time; {@code held} lines are stored to be
     * released as the key's batch lines in flight allow, once the batch is in progress.
     *
     * @return false when the batch stopped validating (cancel, expiry) before every line was queued
     */
    private boolean queue(String id, String owner, List<BatchLines.Line> lines, List<String> jobIds, boolean held,
            AtomicBoolean leaseLost) {
        RedisJobStore.BatchLine[] memberships = new RedisJobStore.BatchLine[lines.size()];
        for (int index = 0; index < lines.size(); index++) {
            memberships[index] = new RedisJobStore.BatchLine(id, batches.countsKey(id), lines.get(index).customId(), batches.retention(),
                    held);
        }
        for (int from = 0; from < lines.size(); from += AT_ONCE) {
            if (!stillValidating(id, leaseLost)) {
                return false;
            }
            List<Callable<Boolean>> chunk = new ArrayList<>();
            for (int index = from; index < Math.min(lines.size(), from + AT_ONCE); index++) {
                int line = index;
                chunk.add(() -> submission.submitLine(owner, lines.get(line).request(), jobIds.get(line), memberships[line]));
            }
            awaitAll(id, chunk);
        }
        return true;
    }

    private <T> List<T> awaitAll(String id, List<Callable<T>> chunk) {
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> each : running.invokeAll(chunk)) {
                results.add(each.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while queueing the batch " + id, e);
        }
    }

    /** A batch cancelled or expiring while its lines were queued: nothing more is queued; what was, is stopped. */
    private void stopIfStopping(String id) {
        batches.status(id).filter(BatchStatus::isStopping).ifPresent(status -> {
            batches.update(id, Map.of("submitted_at", Long.toString(Instant.now().getEpochSecond())));
            progress.stopLines(id, status);
        });
    }

    /** Ends the batch as failed (its event goes out), then stops any line an earlier run had queued. */
    private void fail(Map<String, String> batch, List<BatchLines.LineError> errors) {
        if (events.end(batch, BatchStatus.FAILED, Map.of("failed_at", Long.toString(Instant.now().getEpochSecond()),
                "total", "0", "errors", json.writeValueAsString(errors)))) {
            progress.stopLines(batch.get("id"), BatchStatus.FAILED);
        }
    }

    @Override
    public void destroy() {
        running.shutdownNow();
    }
}
