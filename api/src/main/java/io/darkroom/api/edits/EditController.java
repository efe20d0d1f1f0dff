package io.darkroom.api.edits;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.http.Prefer;
import io.darkroom.api.idempotency.IdempotentJob;
import io.darkroom.api.http.PreferHeader;
import io.darkroom.api.images.ImageJobResponses;
import io.darkroom.api.openapi.Tags;
import io.darkroom.api.images.ImageJobResponder;
import io.darkroom.api.jobs.JobSubmission;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Lane;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /v1/images/edits}, as multipart (OpenAI's SDKs) or JSON (images by URL or data URI). The
 * request is validated first, so a bad parameter costs no upload storage; then the inputs are checked
 * and stored, and the job is answered as {@link ImageJobResponder} describes.
 */
@RestController
@Tag(name = Tags.IMAGES)
class EditController {

    private final JobSubmission submission;
    private final InputImages inputs;
    private final RemoteImages remote;
    private final ImageJobResponder responder;

    EditController(JobSubmission submission, InputImages inputs, RemoteImages remote, ImageJobResponder responder) {
        this.submission = submission;
        this.inputs = inputs;
        this.remote = remote;
        this.responder = responder;
    }

    @Operation(operationId = "createImageEdit", summary = "Edit images from a prompt", description = """
            OpenAI's `POST /v1/images/edits`: multipart, as OpenAI's SDKs send it, or JSON with the images by URL or data URI \
            (fetched through the SSRF guard). Each image must be PNG, JPEG or WebP and decodable; a bad one answers 400 naming \
            it (`image[1]`, `images[0].image_url`).""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = EditForm.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = EditBody.class),
                            examples = @ExampleObject(name = "by URL", value = """
                                    {"model": "local/fast", "prompt": "the same street at night",
                                     "images": [{"image_url": "https://example.org/street.png"}], "size": "1024x1024"}"""))}))
    @ImageJobResponses
    @PreferHeader
    @PostMapping(path = EditsEndpoint.PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Object editMultipart(MultipartHttpServletRequest request, @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestHeader(value = "Prefer", required = false) String prefer,
            @RequestAttribute(value = IdempotentJob.ATTRIBUTE, required = false) IdempotentJob idempotent, HttpServletResponse response) {
        MultipartEditForm form = MultipartEditForm.read(request);
        return submit(caller, form.toRequest(), form.images(), form.mask(), prefer, idempotent, request, response);
    }

    @Operation(operationId = "createImageEdit")
    @ImageJobResponses
    @PreferHeader
    @PostMapping(path = EditsEndpoint.PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Object editJson(@RequestBody EditBody body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestHeader(value = "Prefer", required = false) String prefer,
            @RequestAttribute(value = IdempotentJob.ATTRIBUTE, required = false) IdempotentJob idempotent, HttpServletRequest servletRequest,
            HttpServletResponse response) {
        List<EditBody.ImageReference> references = body.images() == null ? List.of() : body.images();
        List<Upload> images = new ArrayList<>();
        for (int index = 0; index < references.size(); index++) {
            images.add(load("images[" + index + "]", references.get(index)));
        }
        Optional<Upload> mask = Optional.ofNullable(body.mask()).map(reference -> load("mask", reference));
        return submit(caller, body.toRequest(), images, mask, prefer, idempotent, servletRequest, response);
    }

    private Object submit(Caller caller, ImageRequest.Builder request, List<Upload> images, Optional<Upload> mask,
            String prefer, IdempotentJob idempotent, HttpServletRequest servletRequest, HttpServletResponse response) {
        List<String> placeholders = images.stream().map(Upload::param).toList();
        submission.check(request.images(placeholders).mask(mask.map(Upload::param).orElse(null)).build());
        InputImages.StoredInputs stored = inputs.store(images, mask);
        ImageRequest edit = request.images(stored.images()).mask(stored.mask()).build();
        return responder.respond(submission.submit(caller, edit, Lane.INTERACTIVE, Optional.empty(), idempotent), Prefer.parse(prefer),
                servletRequest, response);
    }

    private Upload load(String param, EditBody.ImageReference reference) {
        if (reference == null) {
            throw InputImages.invalid(param, "missing_required_parameter", "Missing '" + param + "'.");
        }
        if (reference.fileId() != null) {
            throw InputImages.invalid(param + ".file_id", "unsupported_parameter",
                    "'file_id' is not supported yet; give the image as 'image_url' (an http(s) URL or a data URI).");
        }
        return remote.load(param + ".image_url", reference.imageUrl());
    }
}
