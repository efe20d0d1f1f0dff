package io.darkroom.api.jobs;

import io.darkroom.model.Job;
import org.springframework.stereotype.Component;

/** Renders jobs for the API, with their hosted image URLs. */
@Component
public class JobViews {

    private final HostedImages hosted;

    JobViews(HostedImages hosted) {
        this.hosted = hosted;
    }

    /** The job as the API shows it. */
    public Object of(Job job) {
        return JobView.of(job, hosted);
    }
}
