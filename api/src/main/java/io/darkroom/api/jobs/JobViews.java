package io.darkroom.api.jobs;

import io.darkroom.infra.jobs.JobView;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import org.springframework.stereotype.Component;

/** Renders jobs for the API, with their hosted image URLs. */
@Component
public class JobViews {

    private final HostedImages hosted;
    private final RedisJobStore jobs;

    JobViews(HostedImages hosted, RedisJobStore jobs) {
        this.hosted = hosted;
        this.jobs = jobs;
    }

    /** The job as the API shows it, with every provider attempt. */
    public Object of(Job job) {
        return JobView.of(job, jobs.attemptsOf(job.id()), hosted::urlOf);
    }
}
