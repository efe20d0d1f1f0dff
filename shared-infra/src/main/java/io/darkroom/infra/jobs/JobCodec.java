package io.darkroom.infra.jobs;

import io.darkroom.model.Attempt;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobResult;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Lane;
import io.darkroom.model.ValidatedImageRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Maps a {@link Job} to the fields of its Redis hash and back. */
final class JobCodec {

    static final String STATUS = "status";
    static final String RESULT = "result";
    static final String ERROR = "error";
    /** The batch a line's job belongs to; absent on other jobs. */
    static final String BATCH_ID = "batch_id";
    static final String OWNER = "owner";
    static final String MODEL = "model";

    private final JsonMapper json;

    /**
     * @param json the application's mapper; reading here ignores unknown fields, so a record written by a
     *             newer version (or with a field since removed) still reads
     */
    JobCodec(JsonMapper json) {
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** The fields of a new job; {@code created_at} is stamped by Redis. */
    Map<String, String> fieldsOfNew(Job job) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", job.id());
        fields.put("owner", job.owner());
        fields.put(STATUS, job.status().wireName());
        fields.put("model", job.model());
        fields.put("provider", job.provider());
        fields.put("lane", job.lane().wireName());
        fields.put("request", encode(job.request()));
        fields.put("attempts", "0");
        if (job.request().webhookUrl().isPresent()) {
            fields.put("hooked", "1");
        }
        if (job.deadline() != null) {
            fields.put("deadline_at", Long.toString(job.deadline().toEpochMilli()));
        }
        return fields;
    }

    /**
     * The request as JSON: its wire form ({@link ValidatedImageRequest#toImageRequest()}), snake_case, every
     * default spelled out. Jobs stored by every earlier version have this form, so they still decode.
     */
    String encode(ValidatedImageRequest request) {
        return json.writeValueAsString(request.toImageRequest());
    }

    /** A request stored by validation ({@link #encode(ValidatedImageRequest)}), restored without validating it again. */
    ValidatedImageRequest decodeRequest(String stored) {
        return ValidatedImageRequest.restore(json.readValue(stored, ImageRequest.class));
    }

    String encode(JobResult result) {
        return json.writeValueAsString(result);
    }

    String encode(JobError error) {
        return json.writeValueAsString(error);
    }

    String encode(Attempt attempt) {
        return json.writeValueAsString(attempt);
    }

    Attempt decodeAttempt(String entry) {
        return json.readValue(entry, Attempt.class);
    }

    Job decode(Map<String, String> fields) {
        return new Job(
                fields.get("id"),
                fields.get("owner"),
                JobStatus.fromWireName(fields.get(STATUS)),
                fields.get("model"),
                fields.get("provider"),
                Lane.valueOf(fields.get("lane").toUpperCase(java.util.Locale.ROOT)),
                decodeRequest(fields.get("request")),
                instant(fields.get("created_at")),
                instant(fields.get("started_at")),
                instant(fields.get("finished_at")),
                Integer.parseInt(fields.getOrDefault("attempts", "0")),
                fields.containsKey(RESULT) ? json.readValue(fields.get(RESULT), JobResult.class) : null,
                fields.containsKey(ERROR) ? json.readValue(fields.get(ERROR), JobError.class) : null,
                instant(fields.get("deadline_at")));
    }

    private static Instant instant(String epochMillis) {
        return epochMillis == null || epochMillis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(epochMillis));
    }
}
