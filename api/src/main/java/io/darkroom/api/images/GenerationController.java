package io.darkroom.api.images;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.http.CancelAfter;
import io.darkroom.api.idempotency.IdempotentJob;
import io.darkroom.api.http.Prefer;
import io.darkroom.api.jobs.JobSubmission;
import io.darkroom.api.http.PreferHeader;
import io.darkroom.api.openapi.Tags;
import io.darkroom.model.Lane;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/images/generations}, answered as {@link ImageJobResponder} describes. */
@RestController
@Tag(name = Tags.IMAGES)
class GenerationController {

    private final JobSubmission submission;
    private final ImageJobResponder responder;

    GenerationController(JobSubmission submission, ImageJobResponder responder) {
        this.submission = submission;
        this.responder = responder;
    }

    @Operation(operationId = "createImage", summary = "Create images from a prompt", description = """
            OpenAI's `POST /v1/images/generations`, validated against the model's catalog entry (`GET /v1/models`); a \
            parameter Darkroom does not know is refused by name. Darkroom's extensions: `seed`, `metadata`, `provider`, \
            `priority`, `webhook_url`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = {
                            @ExampleObject(name = "simple", value = """
                                    {"model": "local/fast", "prompt": "a lighthouse in a storm", "size": "1024x1024"}"""),
                            @ExampleObject(name = "inline, seeded, with metadata", value = """
                                    {"model": "local/fast", "prompt": "a fox in the snow", "n": 2, "size": "512x512",
                                     "response_format": "b64_json", "output_format": "webp", "seed": 42,
                                     "metadata": {"order": "A-1001"}, "priority": "interactive"}"""),
                            @ExampleObject(name = "streamed", value = """
                                    {"model": "local/fast", "prompt": "a red bicycle", "stream": true, "partial_images": 2}""")})))
    @ImageJobResponses
    @PreferHeader
    @PostMapping(path = GenerationsEndpoint.PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Object generate(@RequestBody GenerationBody body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestHeader(value = "Prefer", required = false) String prefer,
            @Parameter(description = "Cancel the job (`deadline_exceeded`) if it is not finished by then: seconds, or `500ms`, `30s`, `5m`, `2h`; 1 s to 24 h.",
                    example = "90s")
            @RequestHeader(value = CancelAfter.HEADER, required = false) String cancelAfter,
            @Parameter(hidden = true) @RequestAttribute(value = IdempotentJob.ATTRIBUTE, required = false) IdempotentJob idempotent,
            HttpServletRequest request, HttpServletResponse response) {
        return responder.respond(submission.submit(caller, body.toRequest(), Lane.INTERACTIVE, CancelAfter.parse(cancelAfter), idempotent),
                Prefer.parse(prefer), request, response);
    }
}
