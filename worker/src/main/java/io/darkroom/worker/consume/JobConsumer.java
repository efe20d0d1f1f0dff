package io.darkroom.worker.consume;

import io.darkroom.model.JobMessage;
import org.springframework.amqp.core.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** A work message, read as the job it names and run by the {@link JobRunner}; consumed by a {@link HandOffConsumer}. */
final class JobConsumer implements HandOffConsumer.Handler<JobMessage> {

    private final JobRunner runner;
    private final JsonMapper json;

    JobConsumer(JobRunner runner, JsonMapper json) {
        this.runner = runner;
        this.json = json;
    }

    @Override
    public JobMessage read(Message message) throws JacksonException {
        return json.readValue(message.getBody(), JobMessage.class);
    }

    @Override
    public void handle(JobMessage work, boolean redelivered) throws Exception {
        runner.run(work.jobId(), work.model(), redelivered);
    }

    @Override
    public String describe(JobMessage work) {
        return "Job " + work.jobId();
    }
}
