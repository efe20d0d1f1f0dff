package io.darkroom.infra.messaging;

import io.darkroom.model.JobEvent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of a job event as {@link JobPublisher} wrote it, ignoring fields it does not know: an
 * instance of an older version still reads the events of a newer one during a rolling upgrade.
 */
public final class JobEventReader {

    private final ObjectReader reader;

    public JobEventReader(JsonMapper json) {
        this.reader = json.readerFor(JobEvent.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** @throws tools.jackson.core.JacksonException when the body is no job event */
    public JobEvent read(byte[] body) {
        return reader.readValue(body);
    }
}
