package io.darkroom.api.images;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.http.CancelAfter;
import io.darkroom.api.idempotency.IdempotentJob;
import io.darkroom.api.http.Prefer;
import io.darkroom.api.jobs.JobSubmission;
import io.darkroom.model.Lane;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/images/generations}, answered as {@link ImageJobResponder} describes. */
@RestController
class GenerationController {

    private final JobSubmission submission;
    private final ImageJobResponder responder;

    GenerationController(JobSubmission submission, ImageJobResponder responder) {
        this.submission = submission;
        this.responder = responder;
    }

    @PostMapping(path = GenerationsEndpoint.PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Object generate(@RequestBody GenerationBody body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestHeader(value = "Prefer", required = false) String prefer,
            @RequestHeader(value = CancelAfter.HEADER, required = false) String cancelAfter,
            @RequestAttribute(value = IdempotentJob.ATTRIBUTE, required = false) IdempotentJob idempotent, HttpServletResponse response) {
        return responder.respond(submission.submit(caller, body.toRequest(), Lane.INTERACTIVE, CancelAfter.parse(cancelAfter), idempotent),
                Prefer.parse(prefer), response);
    }
}
