package io.darkroom.api.auth;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.jobs.JobSubmission;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import io.darkroom.model.Names;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The parking queue, for operators (behind the admin token): {@code POST /admin/parking/replay} takes up to
 * {@code limit} parked messages off it and, for each job that failed because of its message, submits the
 * same request again as a new job for the same key (a failed job stays failed: its caller saw it once).
 * Messages naming no known job are reported and dropped.
 */
@RestController
@RequestMapping("/admin/parking")
class AdminParkingController {

    private final RabbitTemplate rabbit;
    private final Names names;
    private final RedisJobStore jobs;
    private final JobSubmission submission;
    private final AdminToken adminToken;

    AdminParkingController(RabbitTemplate rabbit, Names names, RedisJobStore jobs, JobSubmission submission, AdminToken adminToken) {
        this.rabbit = rabbit;
        this.names = names;
        this.jobs = jobs;
        this.submission = submission;
        this.adminToken = adminToken;
    }

    @PostMapping("/replay")
    Replayed replay(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(defaultValue = "100") int limit) {
        adminToken.require(authorization);
        List<Replay> replays = new ArrayList<>();
        for (int taken = 0; taken < Math.min(limit, 10_000); taken++) {
            Message parked = rabbit.receive(names.parkingQueue());
            if (parked == null) {
                break;
            }
            String jobId = parked.getMessageProperties().getMessageId();
            Job original = jobId == null ? null : jobs.find(jobId).orElse(null);
            if (original == null) {
                replays.add(new Replay(jobId, null, "dropped: no such job"));
                continue;
            }
            Job again = submission.submit(new Caller(original.owner(), "replay"), original.request().toImageRequest(),
                    original.lane());
            replays.add(new Replay(jobId, again.id(), "resubmitted"));
        }
        return new Replayed(replays);
    }


    /** @param replays one entry per parked message taken off the queue */
    record Replayed(List<Replay> replays) {
    }

    /**
     * @param jobId    the parked message's job
     * @param newJobId the job submitted in its place, or null
     * @param outcome  what was done
     */
    record Replay(String jobId, String newJobId, String outcome) {
    }
}
